using GenCourse;
using GenCourse.Models.Autoencoders;
using GenCourse.Models.Vae;
using static GenCourse.torch;

namespace GenCourse.Tests.Models;

public class AutoencoderTests
{
    static Tensor Stripes(int n, Generator g)
    {
        var kind = randint(0, 4, new long[] { n }, generator: g).ToArray<long>();
        var data = new float[n * 16];
        for (int i = 0; i < n; i++)
            for (int p = 0; p < 16; p++)
                data[i * 16 + p] = (kind[i] < 2 ? p / 4 == kind[i] * 2 : p % 4 == (kind[i] - 2) * 2) ? 1 : 0;
        return tensor(data, [n, 16]);
    }

    [Fact]
    public void Autoencoder_LearnsToReconstruct()
    {
        manual_seed(1);
        var x = Stripes(256, new Generator(2));
        var ae = Autoencoder.Mlp(16, [16], 2);
        double before = ae.Loss(x).item<float>();
        var opt = optim.Adam(ae.parameters(), lr: 1e-2);
        for (int i = 0; i < 200; i++)
        {
            opt.zero_grad();
            ae.Loss(x).backward();
            opt.step();
        }
        double after = ae.Loss(x).item<float>();
        Assert.True(after < 0.1 * before, $"loss {before} -> {after}");
        Assert.True((ae.Reconstruct(x).round() - x).abs().max().item<float>() == 0, "reconstructions are not exact after training");
    }

    [Fact]
    public void Corruptions_HaveTheirStatistics()
    {
        var x = ones(100000);
        var masked = Corruption.Masking(0.3).Apply(x, new Generator(1));
        Assert.InRange(masked.mean().item<float>(), 0.69, 0.71);
        var noisy = Corruption.Gaussian(0.5).Apply(zeros(100000), new Generator(2));
        Assert.InRange(noisy.std().item<float>(), 0.49, 0.51);
    }

    [Fact]
    public void Dae_WalkbackLossIsDifferentiable_AndChainHasOneStatePerStep()
    {
        manual_seed(3);
        var dae = new DenoisingAutoencoder(Autoencoder.Mlp(16, [8], 4), Corruption.Masking(0.25));
        var x = Stripes(32, new Generator(4));
        var loss = dae.WalkbackLoss(x, 3, new Generator(5));
        loss.backward();
        Assert.All(dae.Autoencoder.parameters(), p => Assert.NotNull(p.grad));
        var chain = dae.SampleChain(x.narrow(0, 0, 2), 5, new Generator(6));
        Assert.Equal(new long[] { 5, 2, 16 }, chain.shape);
        Assert.InRange(chain.min().item<float>(), 0, 1);
        Assert.Throws<ArgumentException>(() => dae.WalkbackLoss(x, 0));
    }

    [Fact]
    public void ConvModels_HaveImageShapedOutputs()
    {
        var images = rand(2, 1, 28, 28);
        Assert.Equal(new long[] { 2, 1, 28, 28 }, Autoencoder.Conv28(8).forward(images).shape);
        var vae = Vae.Conv28(4);
        var (output, mu, _) = vae.forward(images);
        Assert.Equal(new long[] { 2, 1, 28, 28 }, output.shape);
        Assert.Equal(new long[] { 2, 4 }, mu.shape);
        Assert.Equal(0, vae.NegativeElbo(images).loss.dim());
    }
}
