using GenCourse;
using GenCourse.Models.Vae;
using static GenCourse.torch;

namespace GenCourse.Tests.Models;

public class VaeTests
{
    [Fact]
    public void KlStandardNormal_MatchesClosedFormAndMonteCarlo()
    {
        var mu = tensor(new double[] { 0.5, -1.0 }, [1, 2]);
        var logVar = tensor(new double[] { -0.3, 0.4 }, [1, 2]);
        double closed = 0;
        for (int i = 0; i < 2; i++)
        {
            double m = mu.ToArray<double>()[i], lv = logVar.ToArray<double>()[i];
            closed += 0.5 * (m * m + Math.Exp(lv) - 1 - lv);
        }
        Assert.Equal(closed, Kl.StandardNormal(mu, logVar).item<double>(), 12);
        // Monte-Carlo: E_q[log q(z) - log p(z)] with 400k samples.
        var g = new Generator(3);
        var eps = randn(new long[] { 400000, 2 }, generator: g, dtype: float64);
        var z = mu + (0.5 * logVar).exp() * eps;
        var logQ = (-0.5 * eps.square() - 0.5 * logVar).sum(1);
        var logP = (-0.5 * z.square()).sum(1);
        Assert.Equal(closed, (logQ - logP).mean().item<double>(), 2);
    }

    [Fact]
    public void NegativeElbo_OfATinyModel_EqualsHandComputation()
    {
        // Encoder: identity features (1-D input -> width 1), linear heads; decoder: one Linear(1, 2) to Bernoulli logits.
        var vae = Vae.Mlp(inputDim: 2, hidden: [1], latentDim: 1);
        vae.to(float64);
        var x = tensor(new double[] { 1, 0 }, [1, 2]);
        var state = vae.state_dict();
        using (no_grad())
            foreach (var (name, t) in state) t.copy_(full_like(t, name.EndsWith("bias") ? 0.1 : 0.5));
        var g1 = new Generator(11);
        var (loss, recon, kl) = vae.NegativeElbo(x, generator: g1);
        // By hand: h = relu(0.5*1 + 0.5*0 + 0.1) = 0.6; mu = logVar = 0.5*0.6 + 0.1 = 0.4.
        double mu = 0.4, lv = 0.4;
        double eps = randn(new long[] { 1, 1 }, generator: new Generator(11), dtype: float64).item<double>();
        double z = mu + Math.Exp(0.5 * lv) * eps;
        double d = Math.Max(0, 0.5 * z + 0.1);              // decoder hidden (ReLU)
        double logit = 0.5 * d + 0.1;                        // both output logits are equal
        double bce = Softplus(logit) - 1 * logit + Softplus(logit);
        double klHand = 0.5 * (mu * mu + Math.Exp(lv) - 1 - lv);
        Assert.Equal(bce, recon.item<double>(), 10);
        Assert.Equal(klHand, kl.item<double>(), 12);
        Assert.Equal(bce + klHand, loss.item<double>(), 10);
    }

    static double Softplus(double v) => Math.Log(1 + Math.Exp(v));

    static Tensor Patterns(int n, Generator g)
    {
        // Binary 16-pixel images made of one of four stripes plus a little noise: easy structure for a small VAE.
        var kind = randint(0, 4, new long[] { n }, generator: g).ToArray<long>();
        var data = new float[n * 16];
        var noise = rand(new long[] { n * 16 }, generator: g).ToArray<float>();
        for (int i = 0; i < n; i++)
            for (int p = 0; p < 16; p++)
            {
                bool on = kind[i] < 2 ? p / 4 == kind[i] * 2 : p % 4 == (kind[i] - 2) * 2;
                data[i * 16 + p] = (on ^ noise[i * 16 + p] < 0.05) ? 1 : 0;
            }
        return tensor(data, [n, 16]);
    }

    static (Vae vae, Tensor test, double before) TrainSmall(int steps)
    {
        manual_seed(5);
        var g = new Generator(6);
        var train = Patterns(512, g);
        var test = Patterns(256, g);
        var vae = Vae.Mlp(16, [32], 2);
        double before = vae.NegativeElbo(test, generator: new Generator(1)).loss.item<float>();
        var opt = optim.Adam(vae.parameters(), lr: 3e-3);
        for (int s = 0; s < steps; s++)
        {
            var batch = train.narrow(0, s * 64 % 512, 64);
            opt.zero_grad();
            vae.NegativeElbo(batch, generator: g).loss.backward();
            opt.step();
        }
        return (vae, test, before);
    }

    [Fact]
    public void ShortTraining_LowersTestNegativeElbo()
    {
        var (vae, test, before) = TrainSmall(300);
        double after = vae.NegativeElbo(test, generator: new Generator(1)).loss.item<float>();
        Assert.True(after < 0.6 * before, $"test NELBO went from {before} to {after}");
    }

    [Fact]
    public void IwaeBound_IncreasesWithK()
    {
        var (vae, test, _) = TrainSmall(300);
        double k1 = vae.LogLikelihoodIwae(test, 1, generator: new Generator(2)).mean().item<float>();
        double k10 = vae.LogLikelihoodIwae(test, 10, generator: new Generator(2)).mean().item<float>();
        double k100 = vae.LogLikelihoodIwae(test, 100, generator: new Generator(2)).mean().item<float>();
        Assert.True(k1 < k10 && k10 < k100, $"IWAE bounds K=1 {k1}, K=10 {k10}, K=100 {k100}");
    }

    [Fact]
    public void ConditionalVae_NeedsLabels_AndSamplesPerClass()
    {
        var cvae = Vae.Mlp(16, [8], 2, numClasses: 3);
        var x = rand(4, 16).round();
        Assert.Throws<ArgumentException>(() => cvae.NegativeElbo(x));
        var labels = tensor(new long[] { 0, 1, 2, 1 });
        Assert.Equal(0, cvae.NegativeElbo(x, labels).loss.dim());
        Assert.Equal(new long[] { 3, 16 }, cvae.Sample(3, tensor(new long[] { 2, 2, 2 })).shape);
    }

    [Fact]
    public void LatentHelpers_InterpolateTraverseAndGrid()
    {
        var a = tensor(new float[] { 1, 0 });
        var b = tensor(new float[] { 0, 1 });
        var lin = LatentSpace.Interpolate(a, b, 3);
        Assert.Equal(new float[] { 1, 0, 0.5f, 0.5f, 0, 1 }, lin.ToArray<float>());
        var slerp = LatentSpace.Interpolate(a, b, 3, spherical: true).ToArray<float>();
        Assert.Equal(Math.Sqrt(0.5), slerp[2], 5);
        Assert.Equal(new float[] { -1, 0, 1 }, LatentSpace.Traverse(tensor(new float[] { 5, 7 }), 0, -1, 1, 3).select(1, 0).ToArray<float>());
        var grid = LatentSpace.Grid2D(5);
        Assert.Equal(new long[] { 25, 2 }, grid.shape);
        Assert.Equal(0, grid[12].abs().max().item<float>(), 6);   // the centre is the origin
        Assert.Equal(-1.6448536, grid[0].ToArray<float>()[0], 4); // Phi^-1(0.05)
    }
}
