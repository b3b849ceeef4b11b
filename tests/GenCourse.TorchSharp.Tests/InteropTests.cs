extern alias Embedded;
extern alias OnTorch;

using E = Embedded::GenCourse;
using EVae = Embedded::GenCourse.Models.Vae;
using ESer = Embedded::GenCourse.Serialization;
using EPlot = Embedded::GenCourse.Plotting;
using TVae = OnTorch::GenCourse.Models.Vae;
using TSer = OnTorch::GenCourse.Serialization;
using Bridge = GenCourse.Interop.EngineBridge;
using T = TorchSharp.torch;

namespace CrossEngine.Tests;

/// <summary>Tensors, checkpoints and training cross from one engine to the other.</summary>
public sealed class InteropTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("gencourse-interop-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(E.ScalarType.Float32)]
    [InlineData(E.ScalarType.Float64)]
    [InlineData(E.ScalarType.Int64)]
    [InlineData(E.ScalarType.Bool)]
    public void EngineBridge_RoundTrip_KeepsValuesShapeDtypeAndRequiresGrad(E.ScalarType dtype)
    {
        var source = E.torch.arange(0, 24, dtype: dtype).reshape(2, 3, 4).transpose(0, 2);   // a non-contiguous view
        var there = Bridge.ToTorchSharp(source);
        Assert.Equal(source.shape, there.shape);
        Assert.Equal(dtype.ToString(), there.dtype.ToString());
        Assert.Equal(Twins.Values(source), Twins.Values(there));
        var back = Bridge.ToEmbedded(there);
        Assert.Equal(dtype, back.dtype);
        Assert.Equal(Twins.Values(source), Twins.Values(back));
        if (dtype is E.ScalarType.Float32 or E.ScalarType.Float64)
        {
            Assert.True(Bridge.ToTorchSharp(source.requires_grad_()).requires_grad);
            Assert.True(Bridge.ToEmbedded(T.ones(2, 2, requires_grad: true)).requires_grad);
        }
    }

    [Fact]
    public void Checkpoint_WrittenOnEitherEngine_LoadsOnTheOtherWithTheSameOutputs()
    {
        var embedded = EVae.Vae.Mlp(784, [32], 4);
        var x = E.torch.rand([5, 784], generator: new E.Generator(1));
        string fromEmbedded = Path.Combine(folder, "embedded.safetensors");
        new ESer.Checkpoint(embedded.state_dict(), epoch: 2, step: 40).Save(fromEmbedded);

        var torch = TVae.Vae.Mlp(784, [32], 4);
        var loaded = TSer.Checkpoint.Load(fromEmbedded);
        Assert.Equal((2, 40L), (loaded.Epoch, loaded.Step));
        loaded.LoadModel(torch);
        Twins.AssertClose("decoder output after loading on TorchSharp", embedded.Decode(embedded.Encode(x).mu),
            torch.Decode(torch.Encode(Twins.ToTorch(x)).mu), 1e-5, 1e-6);

        // And back: TorchSharp writes, the embedded engine reads, into a freshly initialised model.
        string fromTorch = Path.Combine(folder, "torch.safetensors");
        new TSer.Checkpoint(torch.state_dict(), epoch: 3, step: 60).Save(fromTorch);
        var again = EVae.Vae.Mlp(784, [32], 4);
        ESer.Checkpoint.Load(fromTorch).LoadModel(again);
        Assert.Equal(Twins.Values(embedded.Decode(embedded.Encode(x).mu)), Twins.Values(again.Decode(again.Encode(x).mu)));
    }

    static double Step(EVae.Vae vae, E.Optim.Optimizer optimizer, E.Tensor x, E.Tensor eps)
    {
        optimizer.zero_grad();
        var (mu, logVar) = vae.Encode(x);
        var loss = -vae.Likelihood.LogProb(vae.Decode(mu + (0.5 * logVar).exp() * eps), x).mean() + EVae.Kl.StandardNormal(mu, logVar).mean();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    static double Step(TVae.Vae vae, T.optim.Optimizer optimizer, T.Tensor x, T.Tensor eps)
    {
        optimizer.zero_grad();
        var (mu, logVar) = vae.Encode(x);
        var loss = -vae.Likelihood.LogProb(vae.Decode(mu + (0.5 * logVar).exp() * eps), x).mean() + TVae.Kl.StandardNormal(mu, logVar).mean();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>
    /// Train 15 steps on the embedded engine, checkpoint, then resume for 15 steps both on the embedded engine and on
    /// TorchSharp from that file (a fresh Adam on each: optimizer state does not cross engines): the resumed losses agree.
    /// </summary>
    [Fact]
    public void Training_ResumesOnTheOtherEngineFromACheckpoint()
    {
        var g = new E.Generator(5);
        var batches = Enumerable.Range(0, 30).Select(_ =>
            ((E.torch.rand([32, 784], generator: g) > 0.6).to(E.ScalarType.Float32), E.torch.randn([32, 4], generator: g))).ToList();
        var first = EVae.Vae.Mlp(784, [64], 4);
        var adam = E.torch.optim.Adam(first.parameters(), lr: 2e-3);
        foreach (var (x, eps) in batches.Take(15)) Step(first, adam, x, eps);
        string path = Path.Combine(folder, "resume.safetensors");
        new ESer.Checkpoint(first.state_dict(), epoch: 0, step: 15).Save(path);

        var here = EVae.Vae.Mlp(784, [64], 4);
        ESer.Checkpoint.Load(path).LoadModel(here);
        var there = TVae.Vae.Mlp(784, [64], 4);
        TSer.Checkpoint.Load(path).LoadModel(there);
        var (adamHere, adamThere) = (E.torch.optim.Adam(here.parameters(), lr: 2e-3), T.optim.Adam(there.parameters(), lr: 2e-3));
        foreach (var (x, eps) in batches.Skip(15))
        {
            double ours = Step(here, adamHere, x, eps), theirs = Step(there, adamThere, Twins.ToTorch(x), Twins.ToTorch(eps));
            Assert.True(Math.Abs(ours - theirs) <= 1e-3 * Math.Abs(theirs), $"resumed step: loss {ours:R} on the embedded engine, {theirs:R} on TorchSharp");
        }
    }

    [Fact]
    public void Checkpoint_OfAModelWithOtherSizes_NamesTheFirstMismatchingParameterOnBothEngines()
    {
        string path = Path.Combine(folder, "latent8.safetensors");
        new ESer.Checkpoint(EVae.Vae.Mlp(784, [32], 8).state_dict()).Save(path);
        var onEmbedded = Assert.Throws<ArgumentException>(() => ESer.Checkpoint.Load(path).LoadModel(EVae.Vae.Mlp(784, [32], 4)));
        var onTorch = Assert.Throws<ArgumentException>(() => TSer.Checkpoint.Load(path).LoadModel(TVae.Vae.Mlp(784, [32], 4)));
        foreach (var e in new[] { onEmbedded, onTorch })
        {
            Assert.Contains("\"decoder.0.weight\" has shape [32, 8] in checkpoint", e.Message);
            Assert.Contains("but [32, 4] in the model", e.Message);
            Assert.Contains("latent8.safetensors", e.Message);
        }
        Assert.Equal(onEmbedded.Message, onTorch.Message);
    }

    [Fact]
    public void KitGivenATensorOfTheOtherEngine_SaysSo()
    {
        var history = new EPlot.TrainingHistory();
        var e = Assert.Throws<ArgumentException>(() => history.Log(0, ("loss", T.tensor(1.5f))));
        Assert.Contains("tensor of another engine (TorchSharp.torch+Tensor)", e.Message);
        Assert.Contains("EngineBridge", e.Message);
    }
}
