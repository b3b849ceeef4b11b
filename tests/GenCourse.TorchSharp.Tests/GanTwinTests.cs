extern alias Embedded;
extern alias OnTorch;

using E = Embedded::GenCourse;
using EGan = Embedded::GenCourse.Models.Gan;
using EMetrics = Embedded::GenCourse.Metrics;
using TGan = OnTorch::GenCourse.Models.Gan;
using TMetrics = OnTorch::GenCourse.Metrics;
using TorchSharp;
using T = TorchSharp.torch;

namespace CrossEngine.Tests;

/// <summary>
/// The GAN family built from the same source on both engines: the same parameters (RegisterComponents), and from
/// copied parameters in float64 the same D and G losses (minimax, non-saturating, feature matching, unrolled through
/// create_graph), the same gradients, and the same f-GAN objective for every divergence of the table.
/// </summary>
public class GanTwinTests
{
    static (EGan.Mlp g, EGan.Mlp d, TGan.Mlp gT, TGan.Mlp dT) Twins64(bool minibatchStdDev = false)
    {
        E.torch.manual_seed(5);
        var (g, d) = (EGan.Mlp.Generator(2, [8, 8], 2), EGan.Mlp.Discriminator(2, [8, 6], minibatchStdDev));
        var (gT, dT) = (TGan.Mlp.Generator(2, [8, 8], 2), TGan.Mlp.Discriminator(2, [8, 6], minibatchStdDev));
        g.to(E.ScalarType.Float64); d.to(E.ScalarType.Float64);
        gT.to(T.ScalarType.Float64); dT.to(T.ScalarType.Float64);
        Twins.CopyParameters(g, gT);
        Twins.CopyParameters(d, dT);
        return (g, d, gT, dT);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Mlp_HasTheSameParametersOnBothEngines(bool minibatchStdDev)
    {
        var (g, d, gT, dT) = Twins64(minibatchStdDev);
        Assert.Equal(Twins.ParameterLayout(g), Twins.ParameterLayout(gT));
        Assert.Equal(Twins.ParameterLayout(d), Twins.ParameterLayout(dT));
        Assert.Equal(6, Twins.ParameterLayout(d).Length);
    }

    public static TheoryData<string> Configurations => new(["minimax", "non-saturating", "feature matching", "unrolled", "label smoothing + stddev"]);

    static EGan.GanOptions Options(string name) => name switch
    {
        "minimax" => new() { Objective = EGan.GeneratorObjective.Minimax },
        "feature matching" => new() { FeatureMatchingLayer = 1 },
        "unrolled" => new() { UnrolledSteps = 2, UnrolledLearningRate = 0.3 },
        "label smoothing + stddev" => new() { RealLabel = 0.9 },
        _ => new(),
    };

    static TGan.GanOptions OptionsT(string name) => name switch
    {
        "minimax" => new() { Objective = TGan.GeneratorObjective.Minimax },
        "feature matching" => new() { FeatureMatchingLayer = 1 },
        "unrolled" => new() { UnrolledSteps = 2, UnrolledLearningRate = 0.3 },
        "label smoothing + stddev" => new() { RealLabel = 0.9 },
        _ => new(),
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void SameParameters_GiveTheSameLossesAndGradients(string configuration)
    {
        var (g, d, gT, dT) = Twins64(configuration.Contains("stddev"));
        var gen = new E.Generator(3);
        var real = E.torch.randn([16, 2], E.ScalarType.Float64, generator: gen);
        var z = E.torch.randn([16, 2], E.ScalarType.Float64, generator: gen);
        var (gan, ganT) = (new EGan.Gan(g, d, Options(configuration)), new TGan.Gan(gT, dT, OptionsT(configuration)));

        var (lossD, realD, fakeD, _) = gan.DiscriminatorLoss(real, z);
        var (lossDT, realDT, fakeDT, _) = ganT.DiscriminatorLoss(Twins.ToTorch(real), Twins.ToTorch(z));
        Twins.AssertClose($"{configuration}: D's real term", realD, realDT, 1e-12, 1e-13);
        Twins.AssertClose($"{configuration}: D's fake term", fakeD, fakeDT, 1e-12, 1e-13);
        lossD.backward();
        lossDT.backward();
        Twins.AssertGradientsClose(d, dT, 1e-10, 1e-12);

        var (lossG, _) = gan.GeneratorLoss(z, real);
        var (lossGT, _) = ganT.GeneratorLoss(Twins.ToTorch(z), Twins.ToTorch(real));
        Twins.AssertClose($"{configuration}: G's loss", lossG, lossGT, 1e-12, 1e-13);
        lossG.backward();
        lossGT.backward();
        Twins.AssertGradientsClose(g, gT, 1e-10, 1e-12);
    }

    [Fact]
    public void FGanObjective_IsTheSameOnBothEngines_ForEveryDivergence()
    {
        var (g, d, gT, dT) = Twins64();
        var gen = new E.Generator(4);
        var real = E.torch.randn([16, 2], E.ScalarType.Float64, generator: gen);
        var z = E.torch.randn([16, 2], E.ScalarType.Float64, generator: gen);
        foreach (var f in EMetrics.FDivergence.All)
        {
            var fT = TMetrics.FDivergence.All.Single(x => x.Name == f.Name);
            var objective = new EGan.FGan(g, d, f, 2).Objective(real, z);
            var objectiveT = new TGan.FGan(gT, dT, fT, 2).Objective(Twins.ToTorch(real), Twins.ToTorch(z));
            Twins.AssertClose($"f-GAN objective, {f.Name}", objective, objectiveT, 1e-10, 1e-12);
        }
    }

    [Fact]
    public void OptimalDiscriminatorValue_IsTheSameOnBothEngines()
    {
        var grid = E.torch.linspace(-8, 8, 1601, E.ScalarType.Float64).unsqueeze(1);
        E.Tensor LogP(E.Tensor x) => (-0.5 * (x - 1).square()).sum(dim: 1);
        E.Tensor LogQ(E.Tensor x) => (-0.5 * (x + 1).square()).sum(dim: 1);
        T.Tensor LogPT(T.Tensor x) => (-0.5 * (x - 1).square()).sum(dim: 1);
        T.Tensor LogQT(T.Tensor x) => (-0.5 * (x + 1).square()).sum(dim: 1);
        Twins.AssertClose("V(G, D*)", EGan.OptimalDiscriminator.ValueOnGrid(LogP, LogQ, grid, 0.01),
            TGan.OptimalDiscriminator.ValueOnGrid(LogPT, LogQT, Twins.ToTorch(grid), 0.01), 1e-12, 1e-13);
    }
}
