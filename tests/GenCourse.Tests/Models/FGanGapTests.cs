using GenCourse;
using GenCourse.Metrics;
using GenCourse.Models.Gan;
using static GenCourse.torch;

namespace GenCourse.Tests.Models;

/// <summary>What the mutation run found untested in FGan: cleared gradients before a step, every short name, the messages.</summary>
public class FGanGapTests
{
    static (Mlp g, Mlp critic, Tensor real) Setup()
    {
        manual_seed(80);
        var (g, critic) = (Mlp.Generator(2, [4], 2), Mlp.Discriminator(2, [3]));
        g.to(float64);
        critic.to(float64);
        return (g, critic, randn([6, 2], float64, generator: new Generator(81)));
    }

    [Fact]
    public void Step_ClearsStaleGradientsOfBothPlayers()
    {
        var (g1, c1, real) = Setup();
        var (g2, c2, _) = Setup();
        GanGapTests.CopyWeights(g1, g2);
        GanGapTests.CopyWeights(c1, c2);
        var stale = new FGan(g1, c1, FDivergence.JensenShannon, 2, 1e-2, 1e-2, noise: new Generator(5));
        var clean = new FGan(g2, c2, FDivergence.JensenShannon, 2, 1e-2, 1e-2, noise: new Generator(5));
        GanGapTests.LeaveStaleGradients(g1);
        GanGapTests.LeaveStaleGradients(c1);
        for (int step = 0; step < 2; step++) Assert.Equal(clean.Step(real), stale.Step(real), 12);
        foreach (var (p, q) in g1.Weights.Concat(c1.Weights).Zip(g2.Weights.Concat(c2.Weights)))
            Assert.Equal(q.ToDoubles(), p.ToDoubles(), new Tolerance(1e-12));
    }

    [Fact]
    public void DivergenceNamed_KnowsEveryShortName_AndListsThemCommaSeparated()
    {
        Assert.Same(FDivergence.KullbackLeibler, FGan.DivergenceNamed("kl"));
        Assert.Same(FDivergence.PearsonChiSquared, FGan.DivergenceNamed("Pearson"));
        Assert.Same(FDivergence.NeymanChiSquared, FGan.DivergenceNamed("neyman"));
        Assert.Same(FDivergence.SquaredHellinger, FGan.DivergenceNamed("Hellinger"));
        Assert.Same(FDivergence.TotalVariation, FGan.DivergenceNamed("tv"));
        var message = Assert.Throws<ArgumentException>(() => FGan.DivergenceNamed("W")).Message;
        Assert.Contains(string.Join(", ", FDivergence.All.Select(d => d.Name)), message);
        Assert.Contains("KL, reverse KL, Pearson, Neyman, Hellinger, JS, TV", message);
    }

    [Fact]
    public void LatentDim_OneIsAccepted_ZeroIsNamedAndRefused()
    {
        var (g, critic, _) = Setup();
        Assert.Equal(1, new FGan(Mlp.Generator(1, [4], 2), critic, FDivergence.KullbackLeibler, 1).LatentDim);
        var e = Assert.Throws<ArgumentException>(() => new FGan(g, critic, FDivergence.KullbackLeibler, 0));
        Assert.Contains("latentDim must be >= 1, got 0", e.Message);
        Assert.Equal("latentDim", e.ParamName);
    }
}
