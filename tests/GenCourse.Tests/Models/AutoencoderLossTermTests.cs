using GenCourse;
using GenCourse.Models.Autoencoders;
using static GenCourse.torch;
using static GenCourse.Tests.Models.HandNetwork;

namespace GenCourse.Tests.Models;

/// <summary>
/// The autoencoder family's losses, corruptions and walk-back chains against hand computations in doubles that read only
/// the weights and the generator's draws (a masking draw keeps an entry when its uniform is below 1 - p; a Bernoulli
/// sample is 1 when its uniform is below the probability).
/// </summary>
public class AutoencoderLossTermTests
{
    const int Pixels = 4, Batch = 3;

    static (Autoencoder ae, Func<double[], double[]> hand) Mlp(bool logits, ulong seed = 20)
    {
        manual_seed((long)seed);
        var ae = Autoencoder.Mlp(Pixels, [3, 5], 2, logits);
        ae.to(float64);
        var net = new HandNetwork(ae.state_dict());
        return (ae, x => net.Mlp(["decoder.0", "decoder.2", "decoder.4"], net.Mlp(["encoder.1", "encoder.3", "encoder.5"], x)));
    }

    static Tensor Images(ulong seed, bool binary = true)
    {
        var x = rand([Batch, 1, 2, 2], float64, generator: new Generator(seed));
        return binary ? x.round() : x;
    }

    static double PixelLoss(double[] output, double[] target, bool logits) => logits
        ? -BernoulliLogProb(output, target)
        : output.Select((o, j) => (o - target[j]) * (o - target[j])).Sum();

    static double[][] Rows(Tensor t) => Enumerable.Range(0, (int)t.shape[0]).Select(i => Row(t, i)).ToArray();

    static double[][] Apply(Func<double[], double[]> f, double[][] rows) => rows.Select(f).ToArray();

    static double BatchLoss(double[][] outputs, double[][] targets, bool logits) =>
        outputs.Select((o, i) => PixelLoss(o, targets[i], logits)).Average();

    static double[][] Mask(double[][] rows, double p, Generator g)
    {
        var u = rand([rows.Length, rows[0].Length], float64, generator: g).ToDoubles();
        return rows.Select((r, i) => r.Select((v, j) => u[i * r.Length + j] < 1 - p ? v : 0).ToArray()).ToArray();
    }

    static double[][] SampleBernoulli(double[][] logits, Generator g)
    {
        var u = rand([logits.Length, logits[0].Length], float64, generator: g).ToDoubles();
        return logits.Select((r, i) => r.Select((l, j) => u[i * r.Length + j] < Sigmoid(l) ? 1.0 : 0).ToArray()).ToArray();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReconstructionLoss_SumsOverPixels_AndAveragesOverTheBatch(bool logits)
    {
        var (ae, _) = Mlp(logits);
        var output = randn([Batch, Pixels], float64, generator: new Generator(21)) * 2;
        var target = Images(22, binary: false);
        Assert.Equal(BatchLoss(Rows(output), Rows(target), logits), ae.ReconstructionLoss(output, target).ToDouble(), 12);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Loss_IsTheReconstructionLossOfTheHandComputedNetwork_AndReconstructIsItsDataSpaceOutput(bool logits)
    {
        var (ae, hand) = Mlp(logits);
        var x = Images(23);
        var outputs = Apply(hand, Rows(x));
        Assert.Equal(BatchLoss(outputs, Rows(x), logits), ae.Loss(x).ToDouble(), 12);
        var reconstruction = ae.Reconstruct(x);
        Assert.Equal(x.shape, reconstruction.shape);
        var expected = outputs.SelectMany(o => logits ? o.Select(Sigmoid) : o).ToArray();
        Assert.Equal(expected, reconstruction.ToDoubles(), new Tolerance(1e-12));
        Assert.Equal(logits, ae.OutputsLogits);
        Assert.Equal(2, ae.LatentDim);
        // The decoder mirrors the encoder: 4 -> 3 -> 5 -> 2 and 2 -> 5 -> 3 -> 4.
        var state = ae.state_dict();
        Assert.Equal(new[] { new long[] { 3, 4 }, [5, 3], [2, 5], [5, 2], [3, 5], [4, 3] },
            new[] { "encoder.1", "encoder.3", "encoder.5", "decoder.0", "decoder.2", "decoder.4" }.Select(n => state[n + ".weight"].shape));
    }

    [Fact]
    public void Conv28_HasTheParametersOfItsLayers_AndImageShapedOutputs()
    {
        const int latent = 6;
        long conv(int cin, int cout) => cin * cout * 16 + cout;
        long linear(int cin, int cout) => (long)cin * cout + cout;
        var ae = Autoencoder.Conv28(latent, logits: false);
        Assert.Equal(conv(1, 32) + conv(32, 64) + linear(64 * 49, latent) + linear(latent, 64 * 49) + conv(64, 32) + conv(32, 1),
            ae.parameters().Sum(p => p.numel()));
        Assert.False(ae.OutputsLogits);
        Assert.Equal(latent, ae.LatentDim);
        var x = rand(2, 1, 28, 28);
        Assert.Equal(new long[] { 2, latent }, ae.Encode(x).shape);
        Assert.Equal(new long[] { 2, 1, 28, 28 }, ae.forward(x).shape);
        Assert.True(Autoencoder.Conv28(latent).OutputsLogits);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.7)]
    public void Masking_KeepsAnEntryUnchangedWhenItsUniformDrawIsBelowOneMinusP_ElseZeroes(double p)
    {
        var x = Images(24, binary: false) + 0.5;
        var masked = Corruption.Masking(p).Apply(x, new Generator(25));
        var expected = Mask(Rows(x), p, new Generator(25));
        Assert.Equal(expected.SelectMany(r => r).ToArray(), masked.ToDoubles());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.9)]
    [InlineData(1.0)]
    public void Masking_ZeroRate_IsWithinFiveSigmaOfP(double p)
    {
        const int n = 200_000;
        var masked = Corruption.Masking(p).Apply(ones([n], float64), new Generator(26)).ToDoubles();
        double zeros = masked.Count(v => v == 0), sigma = Math.Sqrt(n * p * (1 - p));
        Assert.InRange(zeros, n * p - 5 * sigma, n * p + 5 * sigma);
        Assert.All(masked, v => Assert.True(v is 0 or 1));
    }

    [Fact]
    public void Gaussian_AddsStdTimesTheGeneratorsNormalDraws()
    {
        const int n = 200_000;
        const double std = 0.4;
        var x = rand([n], float64, generator: new Generator(27));
        var noisy = Corruption.Gaussian(std).Apply(x, new Generator(28)).ToDoubles();
        var eps = randn([n], float64, generator: new Generator(28)).ToDoubles();
        var xs = x.ToDoubles();
        Assert.Equal(xs.Select((v, i) => v + std * eps[i]).ToArray(), noisy, new Tolerance(1e-15));
        var noise = noisy.Select((v, i) => v - xs[i]).ToArray();
        double mean = noise.Average(), sd = Math.Sqrt(noise.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        Assert.InRange(mean, -5 * std / Math.Sqrt(n), 5 * std / Math.Sqrt(n));
        Assert.InRange(sd, std * (1 - 5 / Math.Sqrt(2.0 * n)), std * (1 + 5 / Math.Sqrt(2.0 * n)));   // sd of a sample sd ~ std / sqrt(2n)
        Assert.Equal("Gaussian(std=0.4)", Corruption.Gaussian(std).ToString());
        Assert.Equal("Masking(p=0.25)", Corruption.Masking(0.25).ToString());
    }

    [Fact]
    public void Dae_Loss_ReconstructsTheCleanInputFromOneMaskedCopy()
    {
        var (ae, hand) = Mlp(logits: true);
        var dae = new DenoisingAutoencoder(ae, Corruption.Masking(0.4));
        var x = Images(29);
        var corrupted = Mask(Rows(x), 0.4, new Generator(30));
        Assert.Equal(BatchLoss(Apply(hand, corrupted), Rows(x), logits: true), dae.Loss(x, new Generator(30)).ToDouble(), 12);
        Assert.Same(ae, dae.Autoencoder);
        Assert.Contains("got 0", Assert.Throws<ArgumentException>(() => dae.WalkbackLoss(x, 0)).Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Dae_WalkbackLoss_AveragesTheLossOfEveryVisitedCorruption_AgainstTheOriginalInput(int steps)
    {
        const double p = 0.3;
        var (ae, hand) = Mlp(logits: true);
        var dae = new DenoisingAutoencoder(ae, Corruption.Masking(p));
        var x = Images(31);
        // By hand: x~ = mask(current); output = f(x~); loss against the original x; current ~ Bernoulli(sigmoid(output)).
        var g = new Generator(32);
        var (original, current, losses) = (Rows(x), Rows(x), new List<double>());
        for (int k = 0; k < steps; k++)
        {
            var outputs = Apply(hand, Mask(current, p, g));
            losses.Add(BatchLoss(outputs, original, logits: true));
            current = SampleBernoulli(outputs, g);
        }
        Assert.Equal(losses.Average(), dae.WalkbackLoss(x, steps, new Generator(32)).ToDouble(), 12);
        if (steps == 1) Assert.Equal(dae.Loss(x, new Generator(32)).ToDouble(), dae.WalkbackLoss(x, 1, new Generator(32)).ToDouble(), 14);
    }

    [Fact]
    public void Dae_SampleChain_ShowsTheMeanOfEachStep_AndSamplesTheNextStateFromIt()
    {
        const double p = 0.25;
        var (ae, hand) = Mlp(logits: true);
        var dae = new DenoisingAutoencoder(ae, Corruption.Masking(p));
        var start = Images(33);
        var chain = dae.SampleChain(start, 3, new Generator(34));
        Assert.Equal(new long[] { 3, Batch, 1, 2, 2 }, chain.shape);
        var g = new Generator(34);
        var current = Rows(start);
        for (int t = 0; t < 3; t++)
        {
            var outputs = Apply(hand, Mask(current, p, g));
            Assert.Equal(outputs.SelectMany(o => o.Select(Sigmoid)).ToArray(), chain[t].ToDoubles(), new Tolerance(1e-12));
            current = SampleBernoulli(outputs, g);
        }
    }

    [Fact]
    public void Dae_WithAValueDecoder_WalksFromTheOutputItself()
    {
        const double std = 0.2;
        var (ae, hand) = Mlp(logits: false);
        var dae = new DenoisingAutoencoder(ae, Corruption.Gaussian(std));
        var start = Images(35, binary: false);
        var chain = dae.SampleChain(start, 3, new Generator(36));
        var g = new Generator(36);
        var current = Rows(start);
        for (int t = 0; t < 3; t++)
        {
            var eps = randn([Batch, Pixels], float64, generator: g).ToDoubles();
            current = Apply(hand, current.Select((r, i) => r.Select((v, j) => v + std * eps[i * Pixels + j]).ToArray()).ToArray());
            Assert.Equal(current.SelectMany(r => r).ToArray(), chain[t].ToDoubles(), new Tolerance(1e-12));
        }
    }
}
