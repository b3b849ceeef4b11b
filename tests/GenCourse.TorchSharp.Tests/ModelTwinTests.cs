extern alias Embedded;
extern alias OnTorch;

using E = Embedded::GenCourse;
using EModule = Embedded::GenCourse.torch.nn.Module;
using EVae = Embedded::GenCourse.Models.Vae;
using EAe = Embedded::GenCourse.Models.Autoencoders;
using EDensity = Embedded::GenCourse.Models.Density;
using TVae = OnTorch::GenCourse.Models.Vae;
using TAe = OnTorch::GenCourse.Models.Autoencoders;
using TDensity = OnTorch::GenCourse.Models.Density;
using TModule = TorchSharp.torch.nn.Module;
using TorchSharp;
using T = TorchSharp.torch;

namespace CrossEngine.Tests;

/// <summary>
/// Every model class of the kit, built from the same source on both engines: the same parameters (the check that
/// catches a forgotten RegisterComponents()), the same outputs and gradients from the same parameters, and the same
/// losses over a short training run on the same batches.
/// </summary>
public class ModelTwinTests
{
    public static TheoryData<string> ModelNames => new(Models.Keys);

    // Each kit model by a name, built on the embedded engine and on TorchSharp with the same arguments.
    static readonly Dictionary<string, (Func<EModule> embedded, Func<TModule> torch)> Models = new()
    {
        ["Vae.Mlp"] = (() => EVae.Vae.Mlp(784, [64, 32], 8), () => TVae.Vae.Mlp(784, [64, 32], 8)),
        ["Vae.Mlp conditional"] = (() => EVae.Vae.Mlp(784, [64], 4, numClasses: 10), () => TVae.Vae.Mlp(784, [64], 4, numClasses: 10)),
        ["Vae.Mlp gaussian"] = (() => EVae.Vae.Mlp(784, [32], 2, EVae.Likelihood.Gaussian(0.2)), () => TVae.Vae.Mlp(784, [32], 2, TVae.Likelihood.Gaussian(0.2))),
        ["Vae.Conv28"] = (() => EVae.Vae.Conv28(8), () => TVae.Vae.Conv28(8)),
        ["Autoencoder.Mlp"] = (() => EAe.Autoencoder.Mlp(784, [64, 32], 8), () => TAe.Autoencoder.Mlp(784, [64, 32], 8)),
        ["Autoencoder.Conv28"] = (() => EAe.Autoencoder.Conv28(8), () => TAe.Autoencoder.Conv28(8)),
        ["NeuralCdf.Network"] = (() => new EDensity.NeuralCdf(hiddenSize: 16).Network, () => new TDensity.NeuralCdf(hiddenSize: 16).Network),
    };

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Parameters_AreTheSameOnBothEngines(string model)
    {
        var (embedded, torch) = (Models[model].embedded(), Models[model].torch());
        var layout = Twins.ParameterLayout(embedded);
        Assert.NotEmpty(layout);
        Assert.Equal(layout, Twins.ParameterLayout(torch));
        Assert.Equal(embedded.parameters().Sum(p => p.numel()), torch.parameters().Sum(p => p.numel()));
    }

    // The VAE's negative ELBO term by term with the noise eps given, so both engines see the same z.
    static (E.Tensor reconstruction, E.Tensor kl) Terms(EVae.Vae vae, E.Tensor x, E.Tensor? labels, E.Tensor eps)
    {
        var (mu, logVar) = vae.Encode(x, labels);
        var z = mu + (0.5 * logVar).exp() * eps;
        return (-vae.Likelihood.LogProb(vae.Decode(z, labels), x).mean(), EVae.Kl.StandardNormal(mu, logVar).mean());
    }

    static (T.Tensor reconstruction, T.Tensor kl) Terms(TVae.Vae vae, T.Tensor x, T.Tensor? labels, T.Tensor eps)
    {
        var (mu, logVar) = vae.Encode(x, labels);
        var z = mu + (0.5 * logVar).exp() * eps;
        return (-vae.Likelihood.LogProb(vae.Decode(z, labels), x).mean(), TVae.Kl.StandardNormal(mu, logVar).mean());
    }

    [Theory]
    [InlineData("Vae.Mlp", E.ScalarType.Float64, 1e-10, 1e-12)]
    [InlineData("Vae.Mlp conditional", E.ScalarType.Float64, 1e-10, 1e-12)]
    [InlineData("Vae.Mlp gaussian", E.ScalarType.Float64, 1e-10, 1e-12)]
    [InlineData("Vae.Conv28", E.ScalarType.Float64, 1e-9, 1e-11)]
    [InlineData("Vae.Mlp", E.ScalarType.Float32, 2e-4, 1e-5)]
    [InlineData("Vae.Conv28", E.ScalarType.Float32, 2e-3, 1e-5)]
    public void Vae_SameParametersGiveTheSameElboTermsAndGradients(string model, E.ScalarType dtype, double rtol, double atol)
    {
        var embedded = (EVae.Vae)Models[model].embedded().to(dtype);
        var torch = (TVae.Vae)Models[model].torch().to(dtype == E.ScalarType.Float64 ? T.ScalarType.Float64 : T.ScalarType.Float32);
        Twins.CopyParameters(embedded, torch);
        var g = new E.Generator(7);
        var x = E.torch.rand([16, 1, 28, 28], dtype, generator: g);
        var labels = embedded.NumClasses > 0 ? E.torch.randint(0, embedded.NumClasses, [16], generator: g) : null;
        var eps = E.torch.randn([16, embedded.LatentDim], dtype, generator: g);

        var (rec, kl) = Terms(embedded, x, labels, eps);
        var (recT, klT) = Terms(torch, Twins.ToTorch(x), labels is null ? null : Twins.ToTorch(labels), Twins.ToTorch(eps));
        Twins.AssertClose($"{model} reconstruction term", rec, recT, rtol, atol);
        Twins.AssertClose($"{model} KL term", kl, klT, rtol, atol);

        (rec + kl).backward();
        (recT + klT).backward();
        Twins.AssertGradientsClose(embedded, torch, rtol * 10, atol * 10);
    }

    [Theory]
    [InlineData("Autoencoder.Mlp")]
    [InlineData("Autoencoder.Conv28")]
    public void Autoencoder_SameParametersGiveTheSameLossAndGradients(string model)
    {
        var embedded = (EAe.Autoencoder)Models[model].embedded().to(E.ScalarType.Float64);
        var torch = (TAe.Autoencoder)Models[model].torch().to(T.ScalarType.Float64);
        Twins.CopyParameters(embedded, torch);
        var x = E.torch.rand([8, 1, 28, 28], E.ScalarType.Float64, generator: new E.Generator(3));
        var loss = embedded.Loss(x);
        var lossT = torch.Loss(Twins.ToTorch(x));
        Twins.AssertClose($"{model} loss", loss, lossT, 1e-10, 1e-12);
        loss.backward();
        lossT.backward();
        Twins.AssertGradientsClose(embedded, torch, 1e-9, 1e-11);
    }

    /// <summary>
    /// 30 Adam steps of the MLP VAE in float32 on the same batches and noise: the losses stay within 1e-3 (relative)
    /// of each other, so the optimizers and every op of the step agree, not only the first forward pass.
    /// </summary>
    [Fact]
    public void Vae_ShortTrainingOnTheSameBatches_GivesTheSameLosses()
    {
        var embedded = (EVae.Vae)Models["Vae.Mlp"].embedded();
        var torch = (TVae.Vae)Models["Vae.Mlp"].torch();
        Twins.CopyParameters(embedded, torch);
        var optimizer = E.torch.optim.Adam(embedded.parameters(), lr: 3e-3);
        var optimizerT = T.optim.Adam(torch.parameters(), lr: 3e-3);
        var g = new E.Generator(11);
        var losses = new List<(double ours, double theirs)>();
        for (int step = 0; step < 30; step++)
        {
            var x = (E.torch.rand([32, 1, 28, 28], generator: g) > 0.7).to(E.ScalarType.Float32);
            var eps = E.torch.randn([32, embedded.LatentDim], generator: g);

            optimizer.zero_grad();
            var (rec, kl) = Terms(embedded, x, null, eps);
            var loss = rec + kl;
            loss.backward();
            optimizer.step();

            optimizerT.zero_grad();
            var (recT, klT) = Terms(torch, Twins.ToTorch(x), null, Twins.ToTorch(eps));
            var lossT = recT + klT;
            lossT.backward();
            optimizerT.step();
            losses.Add((loss.item<float>(), lossT.item<float>()));
        }
        // Pixels are Bernoulli(0.3), so the best possible loss is about 784 H(0.3) = 479 nats, from about 545 at the start.
        Assert.True(losses[^1].ours < 0.9 * losses[0].ours, $"the VAE did not train: loss {losses[0].ours} -> {losses[^1].ours}");
        for (int i = 0; i < losses.Count; i++)
            Assert.True(Math.Abs(losses[i].ours - losses[i].theirs) <= 1e-3 * Math.Abs(losses[i].theirs),
                $"step {i}: loss {losses[i].ours:R} on the embedded engine, {losses[i].theirs:R} on TorchSharp");
    }
}
