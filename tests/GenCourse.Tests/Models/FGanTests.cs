using GenCourse;
using GenCourse.Metrics;
using GenCourse.Models.Gan;
using static GenCourse.torch;

namespace GenCourse.Tests.Models;

/// <summary>
/// f-GAN: the objective on a hand-computed critic, the optimal critic reaching the true divergence of two Gaussians
/// within Monte-Carlo error for every f of the table, Algorithm 1's simultaneous ascent/descent, and bad input.
/// </summary>
public class FGanTests
{
    const double MeanP = 0.3, StdP = 1.0, MeanQ = -0.2, StdQ = 1.1;

    static Tensor LogRatio(Tensor x) =>
        (-0.5 * ((x - MeanP) / StdP).square() - Math.Log(StdP)) - (-0.5 * ((x - MeanQ) / StdQ).square() - Math.Log(StdQ));

    // The optimal critic V* = g_f^{-1}(f'(p/q)) in terms of r = log(p/q), worked out per row of the table.
    static readonly Dictionary<string, Func<Tensor, Tensor>> OptimalCritic = new()
    {
        ["Kullback-Leibler"] = r => 1 + r,                           // f'(u) = 1 + log u, g = identity
        ["Reverse Kullback-Leibler"] = r => r,                       // f'(u) = -1/u = -exp(-v)
        ["Pearson chi^2"] = r => 2 * (r.exp() - 1),                  // f'(u) = 2 (u - 1)
        ["Neyman chi^2"] = r => 2 * r,                               // f'(u) = 1 - 1/u^2 = 1 - exp(-v)
        ["Squared Hellinger"] = r => 0.5 * r,                        // f'(u) = 1 - 1/sqrt u = 1 - exp(-v)
        ["Jeffrey"] = r => r + 1 - (-r).exp(),                       // f'(u) = log u + 1 - 1/u
        ["Jensen-Shannon"] = r => r,                                 // f'(u) = log(2u / (1 + u)) = log 2 - softplus(-v)
        ["GAN"] = r => r,                                            // f'(u) = log(u / (1 + u)) = -softplus(-v)
    };

    public static TheoryData<string> Names => new(OptimalCritic.Keys);

    /// <summary>The true D_f(P || Q) on a fine grid from GridDivergence (independent of the f-GAN table's formulas).</summary>
    static double TrueDivergence(string name)
    {
        var x = linspace(-15, 15, 30001, float64);
        double cell = 30.0 / 30000;
        Tensor Log(double m, double s) => -0.5 * ((x - m) / s).square() - Math.Log(s * Math.Sqrt(2 * Math.PI));
        var (lp, lq) = (Log(MeanP, StdP), Log(MeanQ, StdQ));
        double kl = GridDivergence.KullbackLeibler(lp, lq, cell).ToDouble(), reverse = GridDivergence.ReverseKullbackLeibler(lp, lq, cell).ToDouble();
        double js = GridDivergence.JensenShannon(lp, lq, cell).ToDouble();
        return name switch
        {
            "Kullback-Leibler" => kl,
            "Reverse Kullback-Leibler" => reverse,
            "Pearson chi^2" => GridDivergence.PearsonChiSquared(lp, lq, cell).ToDouble(),
            "Neyman chi^2" => GridDivergence.PearsonChiSquared(lq, lp, cell).ToDouble(),
            "Squared Hellinger" => 2 * Math.Pow(GridDivergence.Hellinger(lp, lq, cell).ToDouble(), 2),
            "Jeffrey" => kl + reverse,
            "Jensen-Shannon" => 2 * js,
            "GAN" => 2 * js - Math.Log(4),
            _ => throw new ArgumentException(name),
        };
    }

    /// <summary>200,000 samples of each Gaussian; the bound at the optimal critic within 5 standard errors of D_f.</summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void OptimalCriticObjective_IsTheTrueDivergence_WithinMonteCarloError(string name)
    {
        var f = FGan.DivergenceNamed(name);
        var g = new Generator(21);
        var fromP = randn([200000], float64, generator: g) * StdP + MeanP;
        var fromQ = randn([200000], float64, generator: g) * StdQ + MeanQ;
        var (vP, vQ) = (OptimalCritic[name](LogRatio(fromP)), OptimalCritic[name](LogRatio(fromQ)));
        double bound = f.VariationalBound(vP, vQ).ToDouble();
        var termsP = f.OutputActivation(vP).ToDoubles();
        var termsQ = f.Conjugate(f.OutputActivation(vQ)).ToDoubles();
        double se = Math.Sqrt(GanOptimalDiscriminatorTests.Variance(termsP) / termsP.Length + GanOptimalDiscriminatorTests.Variance(termsQ) / termsQ.Length);
        double expected = TrueDivergence(name);
        Assert.True(Math.Abs(bound - expected) < 5 * se, $"{name}: bound {bound}, D_f {expected}, standard error {se}");
        var worse = f.VariationalBound(0.5 * vP, 0.5 * vQ).ToDouble();  // any other critic gives less (up to noise)
        Assert.True(worse < expected + 5 * se, $"{name}: a halved critic gives {worse} > D_f {expected}");
    }

    static (Mlp g, Mlp critic, Tensor real, Tensor z) Setup()
    {
        manual_seed(80);
        var g = Mlp.Generator(2, [4], 2);
        var critic = Mlp.Discriminator(2, [3]);
        g.to(float64);
        critic.to(float64);
        var gen = new Generator(81);
        return (g, critic, randn([6, 2], float64, generator: gen), randn([6, 2], float64, generator: gen));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Objective_IsTheBoundOnTheHandComputedCriticOutputs(string name)
    {
        var (g, critic, real, z) = Setup();
        var f = FGan.DivergenceNamed(name);
        var objective = new FGan(g, critic, f, 2).Objective(real, z).ToDouble();
        var hand = new HandMlp(critic);
        var onP = HandMlp.Rows(real).Select(x => hand.Forward(x)[0]).ToArray();
        var onQ = GanLossTermTests.HandFakes(g, z).Select(x => hand.Forward(x)[0]).ToArray();
        var tP = f.OutputActivation(tensor(onP)).ToDoubles();
        var fStar = f.Conjugate(f.OutputActivation(tensor(onQ))).ToDoubles();
        Assert.Equal(tP.Average() - fStar.Average(), objective, 12);
    }

    /// <summary>Algorithm 1: with Adam's first step (|move| = lr), the critic moves up its gradient of F and G moves down its own.</summary>
    [Fact]
    public void Step_CriticAscendsAndGeneratorDescends_FromOneEvaluation()
    {
        var (g, critic, real, _) = Setup();
        var z = randn([6, 2], float64, generator: new Generator(5));
        var fgan = new FGan(g, critic, FDivergence.JensenShannon, 2, generatorLearningRate: 1e-3, criticLearningRate: 3e-3, noise: new Generator(5));
        var objective = fgan.Objective(real, z);
        var gradsCritic = autograd.grad([objective], critic.parameters().ToArray(), retain_graph: true);
        var gradsG = autograd.grad([objective], g.parameters().ToArray());
        var (c0, g0) = (critic.Weights.Select(w => w.ToDoubles()).ToArray(), g.Weights.Select(w => w.ToDoubles()).ToArray());
        double value = fgan.Step(real);
        Assert.Equal(objective.ToDouble(), value, 12);
        Assert.Equal(1, fgan.StepCount);
        void Check(Mlp m, double[][] before, IList<Tensor> grads, double lr, double sign)
        {
            for (int k = 0; k < grads.Count; k++)
            {
                var (after, grad) = (m.Weights[k].ToDoubles(), grads[k].ToDoubles());
                for (int i = 0; i < after.Length; i++)
                    if (Math.Abs(grad[i]) > 1e-3) Assert.Equal(before[k][i] + sign * lr * Math.Sign(grad[i]), after[i], 6);   // Adam eps 1e-8 is negligible there
            }
        }
        Check(critic, c0, gradsCritic, 3e-3, +1);
        Check(g, g0, gradsG, 1e-3, -1);
    }

    [Fact]
    public void DivergenceNamed_FindsTableAndShortNames_AndListsTheValidOnes()
    {
        Assert.Same(FDivergence.Jeffrey, FGan.DivergenceNamed("jeffrey"));
        Assert.Same(FDivergence.ReverseKullbackLeibler, FGan.DivergenceNamed("reverse KL"));
        Assert.Same(FDivergence.Gan, FGan.DivergenceNamed("GAN"));
        Assert.Same(FDivergence.JensenShannon, FGan.DivergenceNamed("js"));
        var e = Assert.Throws<ArgumentException>(() => FGan.DivergenceNamed("Wasserstein"));
        Assert.Contains("\"Wasserstein\"", e.Message);
        foreach (var d in FDivergence.All) Assert.Contains(d.Name, e.Message);
        Assert.Contains("reverse KL", e.Message);
    }

    [Fact]
    public void BadInput_ShapeMismatchAndDivergence_AreReported()
    {
        var (g, critic, real, z) = Setup();
        var fgan = new FGan(g, critic, FDivergence.KullbackLeibler, 2, noise: new Generator(1));
        var e = Assert.Throws<ArgumentException>(() => fgan.Objective(zeros([6, 3], float64), z));
        Assert.Contains("[6, 2]", e.Message);
        Assert.Contains("[6, 3]", e.Message);
        using (no_grad()) critic.Weights[^1].fill_(double.NaN);
        Assert.Contains("at step 0", Assert.Throws<InvalidOperationException>(() => fgan.Step(real)).Message);
        Assert.Throws<ArgumentException>(() => new FGan(g, critic, FDivergence.KullbackLeibler, 0));
    }
}
