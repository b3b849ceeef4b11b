using GenCourse;
using GenCourse.Models.Gan;
using static GenCourse.torch;
using static GenCourse.Tests.Models.HandNetwork;
using static GenCourse.Tests.Models.GanLossTermTests;

namespace GenCourse.Tests.Models;

/// <summary>
/// Each trick's term against an independent value: feature matching on a hand-computed layer, historical averaging on
/// a known parameter history, the minibatch-stddev feature by hand, and the unrolled generator loss against unrolled
/// SGD on a hand network with central-difference gradients (and its gradient, which reaches G through create_graph,
/// against central differences of the loss).
/// </summary>
public class GanTrickTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void FeatureMatching_IsTheSquaredDistanceOfMeanFeaturesOnTheChosenLayer(int layer)
    {
        var (g, d, real, z) = Setup();
        var (loss, _) = new Gan(g, d, new GanOptions { FeatureMatchingLayer = layer }).GeneratorLoss(z, real);
        var hand = new HandMlp(d);
        var realMean = Mean(HandMlp.Rows(real).Select(x => hand.Features(x, layer)));
        var fakeMean = Mean(HandFakes(g, z).Select(x => hand.Features(x, layer)));
        Assert.Equal(layer == 0 ? 4 : 3, realMean.Length);
        Assert.Equal(realMean.Zip(fakeMean, (a, b) => (a - b) * (a - b)).Sum(), loss.ToDouble(), 12);
        Assert.Equal(Rows, HandMlp.Rows(real).Length);
    }

    static double[] Mean(IEnumerable<double[]> rows)
    {
        var list = rows.ToList();
        return Enumerable.Range(0, list[0].Length).Select(j => list.Average(r => r[j])).ToArray();
    }

    [Fact]
    public void FeatureMatching_PullsOnlyTheGenerator()
    {
        var (g, d, real, z) = Setup();
        var (loss, _) = new Gan(g, d, new GanOptions { FeatureMatchingLayer = 1 }).GeneratorLoss(z, real);
        var grads = autograd.grad([loss], [.. g.parameters(), real.requires_grad_()], allow_unused: true);
        Assert.True(grads[0].abs().sum().ToDouble() > 1e-6);
        Assert.True(grads[^1] is null || grads[^1].abs().sum().ToDouble() == 0, "the real features must be a fixed target");
    }

    [Fact]
    public void HistoricalAverage_PenalisesTheDistanceToTheMeanOfThePastValues()
    {
        var theta = tensor(new[] { 1.0, 2.0 }).requires_grad_();
        var other = tensor(new[] { -1.0 }).requires_grad_();
        var history = new HistoricalAverage([theta, other]);
        Assert.Equal(0, history.Penalty().ToDouble());
        history.Record();                                             // theta_1 = (1, 2), other_1 = -1
        using (no_grad()) { theta.copy_(tensor(new[] { 3.0, 5.0 })); other.copy_(tensor(new[] { 0.0 })); }
        history.Record();                                             // theta_2 = (3, 5), other_2 = 0
        using (no_grad()) { theta.copy_(tensor(new[] { 4.0, 4.0 })); other.copy_(tensor(new[] { 1.0 })); }
        Assert.Equal(2, history.Count);
        Assert.Equal([2.0, 3.5], history.Means[0].ToDoubles());
        var penalty = history.Penalty();                              // (4 - 2)^2 + (4 - 3.5)^2 + (1 + 0.5)^2
        Assert.Equal(4 + 0.25 + 2.25, penalty.ToDouble(), 14);
        var grads = autograd.grad([penalty], [theta, other]);
        Assert.Equal([4.0, 1.0], grads[0].ToDoubles());             // 2 (theta - mean)
        Assert.Equal([3.0], grads[1].ToDoubles());
    }

    [Fact]
    public void HistoricalAveraging_AddsItsWeightedPenaltyToBothPlayersLosses()
    {
        var (g, d, real, z) = Setup();
        var gan = new Gan(g, d, new GanOptions { HistoricalAveraging = 0.7, DiscriminatorLearningRate = 1e-2, GeneratorLearningRate = 1e-2 }, new Generator(3));
        gan.Step(real);                                               // records D's and G's parameters after their updates
        using (no_grad())
        {
            foreach (var p in d.parameters()) p.add_(0.1);
            foreach (var p in g.parameters()) p.add_(-0.2);
        }
        long dCount = d.parameters().Sum(p => p.numel()), gCount = g.parameters().Sum(p => p.numel());
        var (dLoss, _, _, dPenalty) = gan.DiscriminatorLoss(real, z);
        var (_, realTerm, fakeTerm, _) = new Gan(g, d).DiscriminatorLoss(real, z);
        Assert.Equal(0.7 * 0.01 * dCount, dPenalty.ToDouble(), 12);
        Assert.Equal(realTerm.ToDouble() + fakeTerm.ToDouble() + 0.7 * 0.01 * dCount, dLoss.ToDouble(), 12);
        var (gLoss, gPenalty) = gan.GeneratorLoss(z, real);
        var (plain, _) = new Gan(g, d).GeneratorLoss(z, real);
        Assert.Equal(0.7 * 0.04 * gCount, gPenalty.ToDouble(), 12);
        Assert.Equal(plain.ToDouble() + 0.7 * 0.04 * gCount, gLoss.ToDouble(), 12);
    }

    [Fact]
    public void MinibatchStdDev_AppendsTheMeanFeatureStdOverTheBatch()
    {
        var x = tensor(new[] { 1.0, 10, 3, 10, 8, 13 }, [3, 2]);
        var y = new MinibatchStdDev().forward(x);
        double std0 = Math.Sqrt((Math.Pow(1 - 4, 2) + Math.Pow(3 - 4, 2) + Math.Pow(8 - 4, 2)) / 3 + 1e-8);
        double std1 = Math.Sqrt((1 + 1 + 4.0) / 3 + 1e-8);
        Assert.Equal([1, 10, (std0 + std1) / 2, 3, 10, (std0 + std1) / 2, 8, 13, (std0 + std1) / 2], y.ToDoubles(), new Tolerance(1e-12));
        Assert.Contains("[3]", Assert.Throws<ArgumentException>(() => MinibatchStdDev.Append(tensor(new[] { 1.0, 2, 3 }))).Message);
    }

    [Fact]
    public void Discriminator_WithMinibatchStdDev_SeesTheBatchStatisticBeforeItsLastLayer()
    {
        var (_, d, real, _) = Setup(minibatchStdDev: true);
        Assert.Equal(3 + 1, d.Weights[^2].shape[1]);
        var logits = d.forward(real).ToDoubles();
        var net = new HandNetwork(d.state_dict());
        var hidden = HandMlp.Rows(real).Select(x => new HandMlp(d).Features(x, 1)).ToArray();
        double std = Enumerable.Range(0, 3).Average(j =>
        {
            double mean = hidden.Average(h => h[j]);
            return Math.Sqrt(hidden.Average(h => Math.Pow(h[j] - mean, 2)) + 1e-8);
        });
        for (int i = 0; i < Rows; i++) Assert.Equal(net.Linear("layers.2", [.. hidden[i], std])[0], logits[i], 12);
        var same = real.narrow(0, 0, 1).repeat(Rows, 1);              // a collapsed batch: one point repeated
        Assert.NotEqual(logits[0], d.forward(same).ToDoubles()[0], 6);
    }

    // The unrolled generator loss by hand: SGD on D's loss with central-difference gradients of a hand network.
    static double HandUnrolledLoss(Mlp g, Mlp d, Tensor real, Tensor z, int steps, double lr)
    {
        var fakes = HandFakes(g, z);
        var reals = HandMlp.Rows(real);
        var names = d.state_dict().Keys.ToArray();
        var state = d.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.ToDoubles());
        var shapes = d.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        double Logit(Dictionary<string, double[]> s, double[] x) =>
            new HandMlp(WithState(d, s, shapes)).Forward(x)[0];
        double LossD(Dictionary<string, double[]> s) =>
            reals.Average(x => Softplus(-Logit(s, x))) + fakes.Average(x => Softplus(Logit(s, x)));
        for (int step = 0; step < steps; step++)
        {
            var next = state.ToDictionary(kv => kv.Key, kv => (double[])kv.Value.Clone());
            foreach (var name in names)
                for (int i = 0; i < state[name].Length; i++)
                {
                    var plus = state.ToDictionary(kv => kv.Key, kv => (double[])kv.Value.Clone());
                    var minus = state.ToDictionary(kv => kv.Key, kv => (double[])kv.Value.Clone());
                    plus[name][i] += 1e-6;
                    minus[name][i] -= 1e-6;
                    next[name][i] -= lr * (LossD(plus) - LossD(minus)) / 2e-6;
                }
            state = next;
        }
        return fakes.Average(x => Softplus(-Logit(state, x)));        // non-saturating loss against the unrolled D
    }

    static Mlp WithState(Mlp like, Dictionary<string, double[]> state, Dictionary<string, long[]> shapes)
    {
        var copy = new Mlp(like.InputDim, [4, 3], like.OutputDim, like.NegativeSlope);
        copy.to(float64);
        copy.load_state_dict(state.ToDictionary(kv => kv.Key, kv => tensor(kv.Value, shapes[kv.Key])));
        return copy;
    }

    [Fact]
    public void UnrolledGeneratorLoss_IsTheLossAgainstDAfterKSgdStepsOnItsLoss()
    {
        var (g, d, real, z) = Setup();
        var before = d.Weights.Select(w => w.ToDoubles()).ToArray();
        var gan = new Gan(g, d, new GanOptions { UnrolledSteps = 2, UnrolledLearningRate = 0.5 });
        var (loss, _) = gan.GeneratorLoss(z, real);
        Assert.Equal(HandUnrolledLoss(g, d, real, z, 2, 0.5), loss.ToDouble(), 7);
        var (plain, _) = new Gan(g, d).GeneratorLoss(z, real);
        Assert.True(Math.Abs(loss.ToDouble() - plain.ToDouble()) > 1e-3, "unrolling did not change the generator's loss");
        Assert.Equal(before, d.Weights.Select(w => w.ToDoubles()).ToArray());   // the real D keeps its parameters
    }

    /// <summary>
    /// G's gradient of the unrolled loss includes the path through D's unrolled updates (they depend on G(z)); without
    /// create_graph that path is lost. Checked against central differences of the loss in float64 (step 1e-6, |error| &lt; 1e-6).
    /// </summary>
    [Fact]
    public void UnrolledGeneratorGradient_ThroughCreateGraph_MatchesCentralDifferences()
    {
        var (g, d, real, z) = Setup();
        var gan = new Gan(g, d, new GanOptions { UnrolledSteps = 3, UnrolledLearningRate = 0.5 });
        var (loss, _) = gan.GeneratorLoss(z, real);
        var grads = autograd.grad([loss], g.parameters().ToArray());
        var noSecondOrder = NoSecondOrderGradient(g, d, real, z, 3, 0.5);
        double maxDifference = 0;
        foreach (var (p, grad, flat) in g.parameters().Zip(grads, (p, gr) => (p, gr, gr.ToDoubles())).Select((t, k) => (t.p, t.gr, t.Item3)))
            for (int i = 0; i < flat.Length; i++)
            {
                double Perturbed(double h)
                {
                    using (no_grad()) p.view(-1)[i].add_(h);
                    double value = gan.GeneratorLoss(z, real).loss.ToDouble();
                    using (no_grad()) p.view(-1)[i].add_(-h);
                    return value;
                }
                double numeric = (Perturbed(1e-6) - Perturbed(-1e-6)) / 2e-6;
                Assert.True(Math.Abs(numeric - flat[i]) < 1e-6, $"d loss / d {p.shape.Length}-d parameter element {i}: autograd {flat[i]}, central difference {numeric}");
            }
        foreach (var (a, b) in grads.Zip(noSecondOrder)) maxDifference = Math.Max(maxDifference, (a - b).abs().max().ToDouble());
        Assert.True(maxDifference > 1e-4, "the unrolled gradient equals the one without the path through D's updates");
    }

    // The same unrolled loss with D's update gradients detached (no create_graph): what an implementation without it would give.
    static IList<Tensor> NoSecondOrderGradient(Mlp g, Mlp d, Tensor real, Tensor z, int steps, double lr)
    {
        var fake = g.forward(z);
        IReadOnlyList<Tensor> weights = d.Weights;
        for (int i = 0; i < steps; i++)
        {
            var (lossD, _, _) = GanLoss.Discriminator(d.Forward(real, weights), d.Forward(fake.detach(), weights));
            var grads = autograd.grad([lossD], weights.ToArray());
            weights = weights.Select((w, j) => (w - lr * grads[j]).detach().requires_grad_()).ToArray();
        }
        return autograd.grad([GanLoss.Generator(d.Forward(fake, weights), GeneratorObjective.NonSaturating)], g.parameters().ToArray());
    }
}
