using GenCourse;
using GenCourse.Models.Vae;
using static GenCourse.torch;
using static GenCourse.Tests.Models.HandNetwork;

namespace GenCourse.Tests.Models;

/// <summary>
/// Every term of the VAE family's losses (ELBO, beta-VAE, CVAE, IWAE) against a hand computation in doubles of the
/// same network on the same noise: the hand side reads only the weights and the generator's draws.
/// </summary>
public class VaeLossTermTests
{
    const int InputDim = 6, LatentDim = 3, Rows = 4;
    static readonly int[] Hidden = [5, 4];
    static readonly double Log2Pi = Math.Log(2 * Math.PI);

    /// <summary>The MLP VAE of Vae.Mlp, evaluated by hand: one-hot labels appended to the encoder's and decoder's inputs.</summary>
    sealed class HandVae(Vae vae)
    {
        readonly HandNetwork net = new(vae.state_dict());
        readonly string[] encoder = Enumerable.Range(0, Hidden.Length).Select(i => $"encoder.1.{2 * i}").ToArray();
        readonly string[] decoder = Enumerable.Range(0, Hidden.Length + 1).Select(i => $"decoder.{2 * i}").ToArray();

        double[] WithLabel(double[] v, long? label) => label is long y ? [.. v, .. OneHot(y, vae.NumClasses)] : v;

        public (double[] mu, double[] logVar) Encode(double[] x, long? label)
        {
            var h = net.Mlp(encoder, WithLabel(x, label), reluLast: true);
            return (net.Linear("toMu", h), net.Linear("toLogVar", h));
        }

        public double[] Decode(double[] z, long? label) => net.Mlp(decoder, WithLabel(z, label));

        /// <summary>One sample z = mu + sigma eps and the terms of its log weight: log p(x|z), log p(z), log q(z|x); and KL(q || N(0, I)).</summary>
        public (double logPxz, double logPz, double logQ, double kl) Terms(double[] x, long? label, double[] eps, Likelihood likelihood, double std)
        {
            var (mu, logVar) = Encode(x, label);
            var sigma = logVar.Select(lv => Math.Exp(0.5 * lv)).ToArray();
            var z = mu.Select((m, j) => m + sigma[j] * eps[j]).ToArray();
            var output = Decode(z, label);
            double logPxz = likelihood == Likelihood.Bernoulli ? BernoulliLogProb(output, x) : GaussianLogProb(output, x, std);
            double logPz = z.Sum(v => -0.5 * v * v - 0.5 * Log2Pi);
            double logQ = z.Select((v, j) => -0.5 * Math.Pow((v - mu[j]) / sigma[j], 2) - Math.Log(sigma[j]) - 0.5 * Log2Pi).Sum();
            double kl = mu.Select((m, j) => 0.5 * (m * m + Math.Exp(logVar[j]) - 1 - logVar[j])).Sum();
            return (logPxz, logPz, logQ, kl);
        }
    }

    const double GaussianStd = 0.3;

    static (Vae vae, HandVae hand, Tensor x, Tensor? labels) Setup(int classes, bool gaussian = false)
    {
        manual_seed(40 + classes);
        var likelihood = gaussian ? Likelihood.Gaussian(GaussianStd) : Likelihood.Bernoulli;
        var vae = Vae.Mlp(InputDim, Hidden, LatentDim, likelihood, classes);
        vae.to(float64);
        var g = new Generator(41);
        var x = rand([Rows, InputDim], float64, generator: g);
        if (!gaussian) x = x.round();
        Tensor? labels = classes == 0 ? null : tensor(new long[] { 0, 2, 1, 2 });
        return (vae, new HandVae(vae), x, labels);
    }

    static long? Label(Tensor? labels, int i) => labels?.ToArray<long>()[i];

    static double[] EpsRow(Tensor eps, int i) => Row(eps, i);

    [Theory]
    [InlineData(0, false)]
    [InlineData(3, false)]
    [InlineData(0, true)]
    [InlineData(3, true)]
    public void NegativeElbo_ReconstructionAndKl_MatchAHandComputedNetwork(int classes, bool gaussian)
    {
        var (vae, hand, x, labels) = Setup(classes, gaussian);
        var (loss, reconstruction, kl) = vae.NegativeElbo(x, labels, new Generator(7));
        var eps = randn([Rows, LatentDim], float64, generator: new Generator(7));   // the draw NegativeElbo makes
        double handRecon = 0, handKl = 0;
        for (int i = 0; i < Rows; i++)
        {
            var t = hand.Terms(Row(x, i), Label(labels, i), EpsRow(eps, i), vae.Likelihood, GaussianStd);
            handRecon -= t.logPxz / Rows;
            handKl += t.kl / Rows;
        }
        Assert.Equal(handRecon, reconstruction.ToDouble(), 10);
        Assert.Equal(handKl, kl.ToDouble(), 10);
        Assert.True(handKl > 0.01, $"KL {handKl}: the test needs a posterior away from the prior");
        Assert.Equal(handRecon + handKl, loss.ToDouble(), 10);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(4.0)]
    public void BetaVae_ScalesExactlyTheKlTerm(double beta)
    {
        var (vae, _, x, _) = Setup(0);
        var (_, recon1, kl1) = vae.NegativeElbo(x, generator: new Generator(8));
        vae.Beta = beta;
        var (loss, recon, kl) = vae.NegativeElbo(x, generator: new Generator(8));
        Assert.Equal(recon1.ToDouble(), recon.ToDouble(), 12);
        Assert.Equal(kl1.ToDouble(), kl.ToDouble(), 12);
        Assert.Equal(recon1.ToDouble() + beta * kl1.ToDouble(), loss.ToDouble(), 12);
        Assert.Equal(beta, Vae.Mlp(InputDim, Hidden, LatentDim, beta: beta).Beta);
        Assert.Equal(beta, Vae.Conv28(2, beta: beta).Beta);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Iwae_WithOneSample_IsTheSingleSampleElboOnTheSameNoise(int classes)
    {
        var (vae, hand, x, labels) = Setup(classes);
        var iwae = vae.LogLikelihoodIwae(x, 1, labels, new Generator(9)).ToDoubles();
        var (_, reconstruction, _) = vae.NegativeElbo(x, labels, new Generator(9));   // same eps, same log p(x|z)
        var eps = randn([Rows, LatentDim], float64, generator: new Generator(9));
        double meanLogPriorRatio = 0;
        for (int i = 0; i < Rows; i++)
        {
            var t = hand.Terms(Row(x, i), Label(labels, i), EpsRow(eps, i), vae.Likelihood, GaussianStd);
            Assert.Equal(t.logPxz + t.logPz - t.logQ, iwae[i], 10);
            meanLogPriorRatio += (t.logPz - t.logQ) / Rows;
        }
        Assert.Equal(-reconstruction.ToDouble() + meanLogPriorRatio, iwae.Average(), 10);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(3, 5)]
    [InlineData(0, 2)]
    public void Iwae_OnFixedNoise_IsTheLogMeanExpOfHandComputedWeights(int classes, int k)
    {
        var (vae, hand, x, labels) = Setup(classes);
        var iwae = vae.LogLikelihoodIwae(x, k, labels, new Generator(10)).ToDoubles();
        var g = new Generator(10);
        var eps = Enumerable.Range(0, k).Select(_ => randn([Rows, LatentDim], float64, generator: g)).ToArray();   // one draw per sample, in order
        for (int i = 0; i < Rows; i++)
        {
            var logWeights = eps.Select(e =>
            {
                var t = hand.Terms(Row(x, i), Label(labels, i), EpsRow(e, i), vae.Likelihood, GaussianStd);
                return t.logPxz + t.logPz - t.logQ;
            }).ToArray();
            Assert.Equal(LogMeanExp(logWeights), iwae[i], 10);
        }
    }

    [Fact]
    public void Iwae_RejectsFewerThanOneSample()
    {
        var (vae, _, x, _) = Setup(0);
        var e = Assert.Throws<ArgumentException>(() => vae.LogLikelihoodIwae(x, 0));
        Assert.Contains("got 0", e.Message);
    }

    [Fact]
    public void Cvae_ReconstructionsAndSamples_AreTheHandDecodedMeans_ForTheirLabel()
    {
        var (vae, hand, x, labels) = Setup(3);
        var reconstruction = vae.Reconstruct(x, labels);
        for (int i = 0; i < Rows; i++)
        {
            var expected = hand.Decode(hand.Encode(Row(x, i), Label(labels, i)).mu, Label(labels, i)).Select(Sigmoid).ToArray();
            Assert.Equal(expected, Row(reconstruction, i), new Tolerance(1e-10));
        }
        var sampleLabels = tensor(new long[] { 1, 0, 2 });
        var samples = vae.Sample(3, sampleLabels, new Generator(12));
        var z = randn([3, LatentDim], float64, generator: new Generator(12));
        for (int i = 0; i < 3; i++)
            Assert.Equal(hand.Decode(Row(z, i), Label(sampleLabels, i)).Select(Sigmoid).ToArray(), Row(samples, i), new Tolerance(1e-10));
    }

    [Fact]
    public void Cvae_OutputsDependOnTheLabel_AndSwappingLabelsSwapsThem()
    {
        var (vae, _, x, _) = Setup(3);
        var twice = x.narrow(0, 0, 1).repeat(2, 1);
        var a = vae.Reconstruct(twice, tensor(new long[] { 0, 2 }));
        var b = vae.Reconstruct(twice, tensor(new long[] { 2, 0 }));
        Assert.True((a[0] - a[1]).abs().max().ToDouble() > 1e-3, "reconstructions of one image do not depend on its label");
        Assert.Equal(a[0].ToDoubles(), b[1].ToDoubles());
        Assert.Equal(a[1].ToDoubles(), b[0].ToDoubles());
        var s0 = vae.Sample(1, tensor(new long[] { 0 }), new Generator(13));
        var s2 = vae.Sample(1, tensor(new long[] { 2 }), new Generator(13));   // same z, other label
        Assert.True((s0 - s2).abs().max().ToDouble() > 1e-3, "samples from one z do not depend on the label");
        var (mu0, _) = vae.Encode(twice, tensor(new long[] { 0, 1 }));
        Assert.True((mu0[0] - mu0[1]).abs().max().ToDouble() > 1e-3, "the encoder does not see the label");
    }

    [Fact]
    public void Labels_AreRequiredExactlyByConditionalVaes()
    {
        var (cvae, _, x, labels) = Setup(3);
        Assert.Contains("[0, 3)", Assert.Throws<ArgumentException>(() => cvae.Encode(x)).Message);
        var (vae, _, _, _) = Setup(0);
        Assert.Contains("numClasses = 0", Assert.Throws<ArgumentException>(() => vae.Encode(x, labels)).Message);
        Assert.Equal(3, cvae.NumClasses);
        Assert.Equal(LatentDim, cvae.LatentDim);
    }

    [Fact]
    public void Reparameterize_IsMuPlusSigmaEps_WithItsGradients()
    {
        var mu = tensor(new double[] { 0.5, -1, 2 }, [1, 3], requires_grad: true);
        var logVar = tensor(new double[] { -0.4, 0.2, 1.0 }, [1, 3], requires_grad: true);
        var z = Vae.Reparameterize(mu, logVar, new Generator(14));
        var eps = randn([1, 3], float64, generator: new Generator(14)).ToDoubles();
        var (m, lv) = (mu.ToDoubles(), logVar.ToDoubles());
        Assert.Equal(m.Select((v, j) => v + Math.Exp(0.5 * lv[j]) * eps[j]).ToArray(), z.ToDoubles(), new Tolerance(1e-14));
        z.sum().backward();
        Assert.Equal(new double[] { 1, 1, 1 }, mu.grad!.ToDoubles());
        Assert.Equal(lv.Select((v, j) => 0.5 * Math.Exp(0.5 * v) * eps[j]).ToArray(), logVar.grad!.ToDoubles(), new Tolerance(1e-14));
    }

    [Fact]
    public void Likelihoods_LogProbAndMean_MatchTheirFormulas_SummedOverEveryPixel()
    {
        var g = new Generator(15);
        var output = randn([2, 1, 2, 3], float64, generator: g) * 3;
        var x = rand([2, 1, 2, 3], float64, generator: g).round();
        var bernoulli = Likelihood.Bernoulli.LogProb(output, x).ToDoubles();
        var gaussian = Likelihood.Gaussian(0.7).LogProb(output, x).ToDoubles();
        var gaussianDefault = Likelihood.Gaussian().LogProb(output, x).ToDoubles();
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(BernoulliLogProb(Row(output, i), Row(x, i)), bernoulli[i], 12);
            Assert.Equal(GaussianLogProb(Row(output, i), Row(x, i), 0.7), gaussian[i], 10);
            Assert.Equal(GaussianLogProb(Row(output, i), Row(x, i), 0.1), gaussianDefault[i], 8);
        }
        Assert.Equal(output.ToDoubles().Select(Sigmoid).ToArray(), Likelihood.Bernoulli.Mean(output).ToDoubles(), new Tolerance(1e-15));
        Assert.Equal(output.ToDoubles(), Likelihood.Gaussian(0.7).Mean(output).ToDoubles());
        Assert.Equal("Bernoulli", Likelihood.Bernoulli.ToString());
        Assert.Equal("Gaussian(std=0.7)", Likelihood.Gaussian(0.7).ToString());
    }

    [Fact]
    public void Kl_ClosedForms_MatchTheFormulaPerRow_AndVanishOnlyForEqualGaussians()
    {
        var g = new Generator(16);
        var (mu1, lv1, mu2, lv2) = (randn([3, 4], float64, generator: g), randn([3, 4], float64, generator: g),
            randn([3, 4], float64, generator: g), randn([3, 4], float64, generator: g));
        var standard = Kl.StandardNormal(mu1, lv1).ToDoubles();
        var diagonal = Kl.DiagonalNormals(mu1, lv1, mu2, lv2).ToDoubles();
        for (int i = 0; i < 3; i++)
        {
            var (m1, l1, m2, l2) = (Row(mu1, i), Row(lv1, i), Row(mu2, i), Row(lv2, i));
            // KL(N(m1, s1^2) || N(m2, s2^2)) = log(s2/s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2, per dim.
            double expected = Enumerable.Range(0, 4).Sum(j =>
                0.5 * (l2[j] - l1[j]) + (Math.Exp(l1[j]) + Math.Pow(m1[j] - m2[j], 2)) / (2 * Math.Exp(l2[j])) - 0.5);
            double expectedStandard = Enumerable.Range(0, 4).Sum(j => -0.5 * l1[j] + (Math.Exp(l1[j]) + m1[j] * m1[j]) / 2 - 0.5);
            Assert.Equal(expected, diagonal[i], 12);
            Assert.Equal(expectedStandard, standard[i], 12);
        }
        // Over the last dim whatever the leading ones: [S, N, L] (several samples per example) and a single [L] vector.
        var (m3, l3) = (mu1.reshape(3, 2, 2), lv1.reshape(3, 2, 2));
        Assert.Equal(new long[] { 3, 2 }, Kl.StandardNormal(m3, l3).shape);
        Assert.Equal(new long[] { 3, 2 }, Kl.DiagonalNormals(m3, l3, m3 * 0, l3 * 0).shape);
        Assert.Equal(standard[0], Kl.StandardNormal(mu1[0], lv1[0]).ToDouble(), 12);
        Assert.Equal(diagonal[0], Kl.DiagonalNormals(mu1[0], lv1[0], mu2[0], lv2[0]).ToDouble(), 12);
        Assert.All(Kl.DiagonalNormals(mu1, lv1, mu1, lv1).ToDoubles(), v => Assert.Equal(0, v, 14));
        Assert.All(Kl.StandardNormal(zeros(2, 3).to(float64), zeros(2, 3).to(float64)).ToDoubles(), v => Assert.Equal(0, v, 14));
    }

    [Fact]
    public void Conv28_HasTheParametersOfItsLayers()
    {
        const int latent = 5;
        long conv(int cin, int cout) => cin * cout * 16 + cout;
        long linear(int cin, int cout) => (long)cin * cout + cout;
        long expected = conv(1, 32) + conv(32, 64) + linear(64 * 49, 256) + 2 * linear(256, latent)
            + linear(latent, 256) + linear(256, 64 * 49) + conv(64, 32) + conv(32, 1);
        var vae = Vae.Conv28(latent, Likelihood.Gaussian(0.2));
        Assert.Equal(expected, vae.parameters().Sum(p => p.numel()));
        Assert.Equal("Gaussian(std=0.2)", vae.Likelihood.ToString());
        Assert.Equal(0, vae.NumClasses);
        Assert.Equal(latent, vae.LatentDim);
        var (output, mu, logVar) = vae.forward(rand(2, 1, 28, 28));
        Assert.Equal(new long[] { 2, 1, 28, 28 }, output.shape);
        Assert.Equal(new long[] { 2, latent }, logVar.shape);
        Assert.Equal(new long[] { 2, latent }, mu.shape);
    }

    [Fact]
    public void Mlp_HasTheParametersOfItsLayers()
    {
        long linear(int cin, int cout) => (long)cin * cout + cout;
        var vae = Vae.Mlp(InputDim, Hidden, LatentDim, numClasses: 3);
        long expected = linear(InputDim + 3, 5) + linear(5, 4) + 2 * linear(4, LatentDim)
            + linear(LatentDim + 3, 4) + linear(4, 5) + linear(5, InputDim);
        Assert.Equal(expected, vae.parameters().Sum(p => p.numel()));
        Assert.Equal("Bernoulli", vae.Likelihood.ToString());
        // The decoder mirrors the encoder: widths 9 -> 5 -> 4 -> (mu, logVar) and 6 -> 4 -> 5 -> 6.
        var state = vae.state_dict();
        Assert.Equal(new long[] { 5, InputDim + 3 }, state["encoder.1.0.weight"].shape);
        Assert.Equal(new long[] { 4, 5 }, state["encoder.1.2.weight"].shape);
        Assert.Equal(new long[] { 4, LatentDim + 3 }, state["decoder.0.weight"].shape);
        Assert.Equal(new long[] { 5, 4 }, state["decoder.2.weight"].shape);
        Assert.Equal(new long[] { InputDim, 5 }, state["decoder.4.weight"].shape);
    }
}
