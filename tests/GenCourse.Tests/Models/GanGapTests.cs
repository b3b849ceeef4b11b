using GenCourse;
using GenCourse.Models.Gan;
using static GenCourse.torch;
using static GenCourse.Tests.Models.GanLossTermTests;

namespace GenCourse.Tests.Models;

/// <summary>
/// What the mutation run of Models/Gan found untested: which batches get instance noise in G's loss (the real one only
/// when feature matching or unrolling reads it), that each update starts from cleared gradients, the mode-coverage
/// radius in units of a std other than 1, and the minibatch statistic of a batch of one.
/// </summary>
public class GanGapTests
{
    const double Noise = 0.3;

    // G's loss rebuilt from the documented noise order: real batch first (when used), then the fakes.
    static Tensor ExpectedGeneratorLoss(Mlp g, Mlp d, Tensor real, Tensor z, GanOptions options, ulong seed)
    {
        var gen = new Generator(seed);
        bool usesReal = options.FeatureMatchingLayer is not null || options.UnrolledSteps > 0;
        var noisyReal = usesReal ? real + Noise * randn(real.shape, float64, generator: gen) : real;
        var fake = g.forward(z);
        var noisyFake = fake + Noise * randn(fake.shape, float64, generator: gen);
        if (options.FeatureMatchingLayer is int layer) return GanLoss.FeatureMatching(d.Features(noisyReal, layer), d.Features(noisyFake, layer));
        var weights = options.UnrolledSteps > 0 ? new Gan(g, d, options).UnrolledWeights(noisyReal, noisyFake) : d.Weights;
        return GanLoss.Generator(d.Forward(noisyFake, weights), GeneratorObjective.NonSaturating);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData(1, 0)]
    [InlineData(null, 1)]
    public void GeneratorLoss_NoisesTheRealBatchOnlyWhenFeatureMatchingOrUnrollingReadsIt(int? layer, int unrolled)
    {
        var (g, d, real, z) = Setup();
        var options = new GanOptions { InstanceNoise = Noise, FeatureMatchingLayer = layer, UnrolledSteps = unrolled, UnrolledLearningRate = 0.5 };
        var (loss, _) = new Gan(g, d, options, new Generator(9)).GeneratorLoss(z, real);
        Assert.Equal(ExpectedGeneratorLoss(g, d, real, z, options, 9).ToDouble(), loss.ToDouble(), 12);
        var (clean, _) = new Gan(g, d, options with { InstanceNoise = 0 }).GeneratorLoss(z, real);
        Assert.True(Math.Abs(loss.ToDouble() - clean.ToDouble()) > 1e-6, "the instance noise did not change the loss");
    }

    // Gradients of sum(p) * 1000 left in every parameter, as another loss's backward pass would leave them.
    internal static void LeaveStaleGradients(nn.Module m) =>
        (m.parameters().Select(p => p.sum()).Aggregate((a, b) => a + b) * 1e3).backward();

    // The second player starts from the first's weights: two Setup() calls alone can differ, because tests running in
    // parallel draw from the global generator between Setup's manual_seed and the modules' initialisation.
    internal static void CopyWeights(nn.Module from, nn.Module to)
    {
        using var _ = no_grad();
        foreach (var (source, target) in from.parameters().Zip(to.parameters())) target.copy_(source);
    }

    [Fact]
    public void Step_ClearsStaleGradients_BeforeEveryUpdateOfEitherPlayer()
    {
        var (g1, d1, real, _) = Setup();
        var (g2, d2, _, _) = Setup();
        CopyWeights(g1, g2);
        CopyWeights(d1, d2);
        var options = new GanOptions { DiscriminatorSteps = _ => 2, DiscriminatorLearningRate = 1e-2, GeneratorLearningRate = 1e-2 };
        var (stale, clean) = (new Gan(g1, d1, options, new Generator(4)), new Gan(g2, d2, options, new Generator(4)));
        LeaveStaleGradients(g1);
        LeaveStaleGradients(d1);
        for (int step = 0; step < 2; step++)   // step 2 also sees what G's backward pass left in D and D's left in G
        {
            var (a, b) = (stale.Step(real), clean.Step(real));
            Assert.Equal(b.DiscriminatorLoss, a.DiscriminatorLoss, 12);
            Assert.Equal(b.GeneratorLoss, a.GeneratorLoss, 12);
            Assert.Equal(b.DiscriminatorGradNorm, a.DiscriminatorGradNorm, 12);
            Assert.Equal(b.GeneratorGradNorm, a.GeneratorGradNorm, 12);
        }
        foreach (var (p, q) in g1.Weights.Concat(d1.Weights).Zip(g2.Weights.Concat(d2.Weights)))
            Assert.Equal(q.ToDoubles(), p.ToDoubles(), new Tolerance(1e-12));
    }

    [Fact]
    public void ModeCoverage_RadiusIsRadiusInStdsTimesTheStd()
    {
        var centres = tensor(new[] { 0.0, 0 }, [1, 2]);
        var samples = tensor(new[] { 5.0, 0, 0, 7 }, [2, 2]);   // distances 5 and 7 from the centre
        var coverage = ModeCoverage.Evaluate(samples, centres, std: 2, minFraction: 0.5, radiusInStds: 3);   // radius 6
        Assert.Equal([0.5], coverage.FractionPerMode);
        Assert.Equal(0.5, coverage.HighQualityFraction);
        Assert.Equal(1, coverage.ModesCovered);
        Assert.Equal(0.0, ModeCoverage.Evaluate(samples, centres, std: 0.5, radiusInStds: 3).HighQualityFraction);   // radius 1.5
    }

    [Fact]
    public void MinibatchStdDev_OfABatchOfOne_IsTheSquareRootOfTheEpsilon()
    {
        var y = MinibatchStdDev.Append(tensor(new[] { 2.0, -3 }, [1, 2]));
        Assert.Equal([2.0, -3, Math.Sqrt(1e-8)], y.ToDoubles(), new Tolerance(1e-15));
        Assert.Contains("[0, 2]", Assert.Throws<ArgumentException>(() => MinibatchStdDev.Append(zeros([0, 2], float64))).Message);
    }
}
