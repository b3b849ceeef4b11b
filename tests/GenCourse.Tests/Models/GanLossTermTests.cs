using GenCourse;
using GenCourse.Models.Gan;
using static GenCourse.torch;
using static GenCourse.Tests.Models.HandNetwork;

namespace GenCourse.Tests.Models;

/// <summary>
/// Every term of the GAN losses against a hand computation in doubles on small float64 networks: D's real and fake
/// terms (with and without one-sided label smoothing), both generator losses, instance noise, and the claim that the
/// minimax loss's gradient vanishes where D rejects the fakes while the non-saturating one does not.
/// </summary>
public class GanLossTermTests
{
    internal const int Rows = 5;

    internal static (Mlp g, Mlp d, Tensor real, Tensor z) Setup(int seed = 60, bool minibatchStdDev = false)
    {
        manual_seed(seed);
        var g = Mlp.Generator(2, [4], 2);
        var d = Mlp.Discriminator(2, [4, 3], minibatchStdDev);
        g.to(float64);
        d.to(float64);
        var gen = new Generator((ulong)seed + 1);
        var real = randn([Rows, 2], float64, generator: gen) + 1;
        var z = randn([Rows, 2], float64, generator: gen);
        return (g, d, real, z);
    }

    internal static double[][] HandFakes(Mlp g, Tensor z) => HandMlp.Rows(z).Select(new HandMlp(g).Forward).ToArray();

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.9)]
    public void DiscriminatorLoss_RealAndFakeTerms_MatchAHandComputedNetwork(double realLabel)
    {
        var (g, d, real, z) = Setup();
        var gan = new Gan(g, d, new GanOptions { RealLabel = realLabel });
        var (loss, realTerm, fakeTerm, penalty) = gan.DiscriminatorLoss(real, z);
        var hand = new HandMlp(d);
        double handReal = HandMlp.Rows(real).Average(x => HandMlp.Bce(hand.Forward(x)[0], realLabel));   // -E[y log D + (1 - y) log(1 - D)]
        double handFake = HandFakes(g, z).Average(x => Softplus(hand.Forward(x)[0]));                   // -E log(1 - D(G(z)))
        Assert.Equal(handReal, realTerm.ToDouble(), 12);
        Assert.Equal(handFake, fakeTerm.ToDouble(), 12);
        Assert.Equal(0, penalty.ToDouble());
        Assert.Equal(handReal + handFake, loss.ToDouble(), 12);
    }

    [Fact]
    public void LabelSmoothing_ChangesExactlyTheRealTarget()
    {
        var (g, d, real, z) = Setup();
        var (_, real1, fake1, _) = new Gan(g, d).DiscriminatorLoss(real, z);
        var (_, real09, fake09, _) = new Gan(g, d, new GanOptions { RealLabel = 0.9 }).DiscriminatorLoss(real, z);
        Assert.Equal(fake1.ToDouble(), fake09.ToDouble(), 14);   // the fakes' target stays 0
        double meanRealLogit = HandMlp.Rows(real).Average(x => new HandMlp(d).Forward(x)[0]);
        Assert.Equal(0.1 * meanRealLogit, real09.ToDouble() - real1.ToDouble(), 12);   // BCE(l, y) = softplus(l) - y l
    }

    [Theory]
    [InlineData(GeneratorObjective.Minimax)]
    [InlineData(GeneratorObjective.NonSaturating)]
    public void GeneratorLoss_MatchesTheHandComputedObjective(GeneratorObjective objective)
    {
        var (g, d, real, z) = Setup();
        var (loss, penalty) = new Gan(g, d, new GanOptions { Objective = objective }).GeneratorLoss(z, real);
        var hand = new HandMlp(d);
        var logits = HandFakes(g, z).Select(x => hand.Forward(x)[0]).ToArray();
        double expected = objective == GeneratorObjective.Minimax
            ? logits.Average(l => Math.Log(1 - Sigmoid(l)))      // E log(1 - D(G(z)))
            : logits.Average(l => -Math.Log(Sigmoid(l)));        // -E log D(G(z))
        Assert.Equal(expected, loss.ToDouble(), 12);
        Assert.Equal(0, penalty.ToDouble());
    }

    /// <summary>
    /// D's output bias is set so that it rejects the fake with logit l = -8 (D(G(z)) = 3.4e-4). For one sample,
    /// d/dl log(1 - sigmoid(l)) = -sigmoid(l) and d/dl -log sigmoid(l) = -(1 - sigmoid(l)), so the generator's gradients
    /// point the same way and differ by the factor (1 - sigmoid(l)) / sigmoid(l) = e^8 = 2981: the minimax gradient vanishes.
    /// </summary>
    [Fact]
    public void MinimaxGradient_VanishesAtADiscriminatorThatRejectsFakes_NonSaturatingDoesNot()
    {
        var (g, d, real, z) = Setup();
        var one = z.narrow(0, 0, 1);
        double logit = new HandMlp(d).Forward(HandFakes(g, one)[0])[0];
        using (no_grad()) d.Weights[^1].add_(-8 - logit);
        Assert.Equal(-8, new HandMlp(d).Forward(HandFakes(g, one)[0])[0], 10);
        double[] Gradient(GeneratorObjective objective)
        {
            var (loss, _) = new Gan(g, d, new GanOptions { Objective = objective }).GeneratorLoss(one, real);
            return autograd.grad([loss], g.parameters().ToArray()).SelectMany(t => t.ToDoubles()).ToArray();
        }
        var (minimax, nonSaturating) = (Gradient(GeneratorObjective.Minimax), Gradient(GeneratorObjective.NonSaturating));
        double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));
        Assert.True(Norm(nonSaturating) > 1e-2, $"non-saturating gradient norm {Norm(nonSaturating)}");
        Assert.Equal(Math.Exp(8), Norm(nonSaturating) / Norm(minimax), 6);
        for (int i = 0; i < minimax.Length; i++)
            Assert.Equal(nonSaturating[i] * Sigmoid(-8) / (1 - Sigmoid(-8)), minimax[i], 12);   // same direction, both descend towards "real"
    }

    [Fact]
    public void InstanceNoise_IsAddedToRealThenFakeInputs_WithTheAnnealedStd()
    {
        var (g, d, real, z) = Setup();
        var gan = new Gan(g, d, new GanOptions { InstanceNoise = 0.5, InstanceNoiseAnnealSteps = 10 }, new Generator(70));
        Assert.Equal([0.5, 0.25, 0.05, 0, 0], new[] { 0, 5, 9, 10, 20 }.Select(gan.InstanceNoiseStd).ToArray(), new Tolerance(1e-15));
        Assert.Equal(0.3, new Gan(g, d, new GanOptions { InstanceNoise = 0.3 }).InstanceNoiseStd(1000));   // no annealing
        var (_, realTerm, fakeTerm, _) = gan.DiscriminatorLoss(real, z);
        var noise = new Generator(70);
        var realNoise = randn([Rows, 2], float64, generator: noise);
        var fakeNoise = randn([Rows, 2], float64, generator: noise);
        var hand = new HandMlp(d);
        var fakes = HandFakes(g, z);
        double handReal = Enumerable.Range(0, Rows).Average(i => Softplus(-hand.Forward(Row(real, i).Zip(Row(realNoise, i), (x, e) => x + 0.5 * e).ToArray())[0]));
        double handFake = Enumerable.Range(0, Rows).Average(i => Softplus(hand.Forward(fakes[i].Zip(Row(fakeNoise, i), (x, e) => x + 0.5 * e).ToArray())[0]));
        Assert.Equal(handReal, realTerm.ToDouble(), 12);
        Assert.Equal(handFake, fakeTerm.ToDouble(), 12);

        var (gLoss, _) = new Gan(g, d, new GanOptions { InstanceNoise = 0.5 }, new Generator(71)).GeneratorLoss(z, real);
        var gNoise = randn([Rows, 2], float64, generator: new Generator(71));   // only the fakes are drawn for
        double handG = Enumerable.Range(0, Rows).Average(i => Softplus(-hand.Forward(fakes[i].Zip(Row(gNoise, i), (x, e) => x + 0.5 * e).ToArray())[0]));
        Assert.Equal(handG, gLoss.ToDouble(), 12);
    }
}
