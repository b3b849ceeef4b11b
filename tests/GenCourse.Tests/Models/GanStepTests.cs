using GenCourse;
using GenCourse.Models.Gan;
using static GenCourse.torch;
using static GenCourse.Tests.Models.GanLossTermTests;

namespace GenCourse.Tests.Models;

/// <summary>The training step: k D updates per G update, the two learning rates, the reported losses and gradient norms, and bad input.</summary>
public class GanStepTests
{
    [Fact]
    public void Step_ReportsTheLossesAndGradientNormsOfItsUpdates_OnItsOwnNoise()
    {
        var (g, d, real, _) = Setup();
        var noise = new Generator(5);
        var z1 = randn([Rows, 2], float64, generator: noise);         // D's update draws first, then G's
        var (lossD, _, _, _) = new Gan(g, d).DiscriminatorLoss(real, z1);
        double normD = Math.Sqrt(autograd.grad([lossD], d.parameters().ToArray()).Sum(t => t.square().sum().ToDouble()));
        var gan = new Gan(g, d, new GanOptions(), new Generator(5));
        var result = gan.Step(real);
        Assert.Equal((0, 1), (result.Step, result.DiscriminatorSteps));
        Assert.Equal(lossD.ToDouble(), result.DiscriminatorLoss, 12);
        Assert.Equal(normD, result.DiscriminatorGradNorm, 10);
        Assert.Equal(1, gan.StepCount);
        Assert.Same(result, gan.LastFinite);
        Assert.True(result.GeneratorGradNorm > 0);
    }

    [Fact]
    public void Step_GeneratorLossAndNorm_AreTakenAgainstTheUpdatedDiscriminator()
    {
        var (g, d, real, _) = Setup();
        var (g2, d2, _, _) = Setup();                                  // the same networks, stepped by hand
        GanGapTests.CopyWeights(g, g2);
        var noise = new Generator(6);
        randn([Rows, 2], float64, generator: noise);
        var z2 = randn([Rows, 2], float64, generator: noise);
        var gan = new Gan(g, d, new GanOptions { GeneratorLearningRate = 0 }, new Generator(6));
        var result = gan.Step(real);
        GanGapTests.CopyWeights(d, d2);                                 // D after its update
        var (lossG, _) = new Gan(g2, d2).GeneratorLoss(z2, real);
        Assert.Equal(lossG.ToDouble(), result.GeneratorLoss, 12);
        Assert.Equal(Math.Sqrt(autograd.grad([lossG], g2.parameters().ToArray()).Sum(t => t.square().sum().ToDouble())), result.GeneratorGradNorm, 10);
    }

    [Fact]
    public void Step_TakesKDiscriminatorStepsPerGeneratorStep_FollowingTheSchedule()
    {
        var (g, d, real, _) = Setup();
        var schedule = GanOptions.RestrictThenRelax(2, 0, 3);
        Assert.Equal([0, 0, 3, 3], new[] { 0, 1, 2, 50 }.Select(schedule).ToArray());
        var gan = new Gan(g, d, new GanOptions { DiscriminatorSteps = schedule }, new Generator(1));
        int batches = 0;
        Tensor Next() { batches++; return real; }
        var first = gan.Step(Next);
        Assert.Equal((0, 1), (first.DiscriminatorSteps, batches));    // G still needs a batch
        Assert.True(double.IsNaN(first.DiscriminatorLoss) && first.DiscriminatorGradNorm == 0);
        gan.Step(Next);
        batches = 0;
        var third = gan.Step(Next);
        Assert.Equal((3, 3), (third.DiscriminatorSteps, batches));
        Assert.True(double.IsFinite(third.DiscriminatorLoss));
        Assert.Contains("-1", Assert.Throws<InvalidOperationException>(() => new Gan(g, d, new GanOptions { DiscriminatorSteps = _ => -1 }).Step(real)).Message);
        Assert.Throws<ArgumentException>(() => GanOptions.RestrictThenRelax(-1, 0, 1));
    }

    [Fact]
    public void Step_WithoutDiscriminatorSteps_LeavesDUnchanged()
    {
        var (g, d, real, _) = Setup();
        var before = d.Weights.Select(w => w.ToDoubles()).ToArray();
        new Gan(g, d, new GanOptions { DiscriminatorSteps = _ => 0 }).Step(real);
        Assert.Equal(before, d.Weights.Select(w => w.ToDoubles()).ToArray());
    }

    /// <summary>Adam's first update moves every parameter with a gradient by lr * g / (|g| + eps), i.e. by almost exactly lr.</summary>
    [Fact]
    public void Step_UsesSeparateLearningRates_ForTheTwoPlayers()
    {
        var (g, d, real, _) = Setup();
        var (g0, d0) = (g.Weights.Select(w => w.ToDoubles()).ToArray(), d.Weights.Select(w => w.ToDoubles()).ToArray());
        new Gan(g, d, new GanOptions { GeneratorLearningRate = 1e-3, DiscriminatorLearningRate = 4e-3 }, new Generator(2)).Step(real);
        double MaxMove(Mlp m, double[][] before) => m.Weights.Select((w, i) => w.ToDoubles().Zip(before[i], (a, b) => Math.Abs(a - b)).Max()).Max();
        Assert.Equal(1e-3, MaxMove(g, g0), 7);
        Assert.Equal(4e-3, MaxMove(d, d0), 7);
    }

    [Fact]
    public void Step_OnANaNLoss_StopsWithTheStepAndTheLastFiniteLosses()
    {
        var (g, d, real, _) = Setup();
        var gan = new Gan(g, d, new GanOptions(), new Generator(4));
        var bad = real.clone();
        using (no_grad()) bad[0, 0].fill_(double.NaN);
        var e = Assert.Throws<InvalidOperationException>(() => gan.Step(bad));
        Assert.Contains("discriminator loss is NaN at step 0", e.Message);
        Assert.Contains("no step had finished yet", e.Message);
        var ok = gan.Step(real);
        e = Assert.Throws<InvalidOperationException>(() => gan.Step(bad));
        Assert.Contains("at step 1", e.Message);
        Assert.Contains($"D {ok.DiscriminatorLoss:G6} and G {ok.GeneratorLoss:G6} at step 0", e.Message);
        using (no_grad()) g.Weights[^1].fill_(double.PositiveInfinity);
        e = Assert.Throws<InvalidOperationException>(() => new Gan(g, d, new GanOptions { DiscriminatorSteps = _ => 0 }).Step(real));
        Assert.Contains("generator loss is", e.Message);
    }

    [Fact]
    public void ShapeOrDtypeMismatch_BetweenGeneratorOutputAndDiscriminatorInput_NamesBothShapes()
    {
        var (_, d, real, z) = Setup();
        var wide = Mlp.Generator(2, [4], 3);
        wide.to(float64);
        var e = Assert.Throws<ArgumentException>(() => new Gan(wide, d).DiscriminatorLoss(real, z));
        Assert.Contains("[5, 3]", e.Message);
        Assert.Contains("[5, 2]", e.Message);
        var single = Mlp.Generator(2, [4], 2);                      // float32 against float64 data
        e = Assert.Throws<ArgumentException>(() => new Gan(single, d).GeneratorLoss(z.to(float32), real));
        Assert.Contains("Float32", e.Message);
        Assert.Contains("Float64", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => d.forward(zeros([5, 3], float64)));
        Assert.Contains("[5, 3]", e2.Message);
        Assert.Contains("[N, 2]", e2.Message);
        Assert.Contains("[0, 2)", Assert.Throws<ArgumentException>(() => d.Features(real, 2)).Message);
        Assert.Contains("FeatureMatchingLayer", Assert.Throws<ArgumentException>(() => new Gan(wide, d, new GanOptions { FeatureMatchingLayer = 5 })).Message);
        Assert.Throws<ArgumentException>(() => new Gan(wide, d, new GanOptions { LatentDim = 0 }));
        Assert.Throws<ArgumentException>(() => new Gan(wide, d, new GanOptions { UnrolledSteps = -1 }));
        Assert.Throws<ArgumentException>(() => new Mlp(2, [0], 1));
    }

    [Fact]
    public void Sample_DrawsLatentsFromTheGansGenerator()
    {
        var (g, d, _, _) = Setup();
        var gan = new Gan(g, d, new GanOptions { LatentDim = 2 }, new Generator(9));
        var samples = gan.Sample(4);
        var z = randn([4, 2], float64, generator: new Generator(9));
        Assert.Equal(g.forward(z).ToDoubles(), samples.ToDoubles());
        Assert.False(samples.requires_grad);
    }
}
