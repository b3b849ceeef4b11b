using GenCourse;
using GenCourse.Metrics;
using static GenCourse.torch;

namespace GenCourse.Tests.Metrics;

/// <summary>
/// Every metric against its formula evaluated by hand in doubles on a few points: grid divergences cell by cell,
/// Monte-Carlo estimates term by term (mean and standard error), MMD and its permutation test pair by pair,
/// and each row of the f-divergence table at a few arguments.
/// </summary>
public class MetricFormulaTests
{
    // Densities on 5 cells of volume 0.5 (mass 1 each); p has an empty cell, q does not.
    static readonly double[] P = [0.4, 0.6, 0, 0.5, 0.5], Q = [0.2, 0.3, 0.5, 0.6, 0.4];
    const double Cell = 0.5;

    static Tensor T(double[] v) => tensor(v);

    static Tensor Log(double[] v) => tensor(v.Select(x => Math.Log(x)).ToArray());

    static double Sum(Func<int, double> f) => Enumerable.Range(0, P.Length).Sum(f) * Cell;

    static double Kl(double[] a, double[] b) => Sum(i => a[i] > 0 ? a[i] * Math.Log(a[i] / b[i]) : 0);

    public static IEnumerable<object[]> Forms() => [[true, false], [false, false], [true, true], [false, true]];

    static Tensor Arg(double[] v, bool logDensities) => logDensities ? Log(v) : T(v);

    [Theory]
    [MemberData(nameof(Forms))]
    public void GridDivergences_AreTheirRiemannSums(bool logDensities, bool normalize)
    {
        // P and Q already have mass 1 on the grid, so normalising must not change anything.
        var (p, q) = (Arg(P, logDensities), Arg(Q, logDensities));
        var m = P.Select((v, i) => 0.5 * (v + Q[i])).ToArray();
        Assert.Equal(Kl(P, Q), GridDivergence.KullbackLeibler(p, q, Cell, logDensities, normalize).ToDouble(), 12);
        Assert.Equal(Kl(Q, P), GridDivergence.ReverseKullbackLeibler(p, q, Cell, logDensities, normalize).ToDouble(), 12);
        Assert.Equal(0.5 * Kl(P, m) + 0.5 * Kl(Q, m), GridDivergence.JensenShannon(p, q, Cell, logDensities, normalize).ToDouble(), 12);
        Assert.Equal(0.5 * Sum(i => Math.Abs(P[i] - Q[i])), GridDivergence.TotalVariation(p, q, Cell, logDensities, normalize).ToDouble(), 12);
        Assert.Equal(Math.Sqrt(0.5 * Sum(i => Math.Pow(Math.Sqrt(P[i]) - Math.Sqrt(Q[i]), 2))),
            GridDivergence.Hellinger(p, q, Cell, logDensities, normalize).ToDouble(), 12);
        Assert.Equal(Sum(i => Math.Pow(P[i] - Q[i], 2) / Q[i]), GridDivergence.PearsonChiSquared(p, q, Cell, logDensities, normalize).ToDouble(), 12);
    }

    [Fact]
    public void GridDivergences_Normalize_RescalesEachDensityToMassOneOnTheGrid()
    {
        var (p3, q7) = (P.Select(v => 3 * v).ToArray(), Q.Select(v => 7 * v).ToArray());
        Assert.Equal(Kl(P, Q), GridDivergence.KullbackLeibler(T(p3), T(q7), Cell, logDensities: false, normalize: true).ToDouble(), 12);
        Assert.Equal(Kl(P, Q), GridDivergence.KullbackLeibler(Log(p3), Log(q7), Cell, normalize: true).ToDouble(), 12);
        Assert.Equal(0.5 * Sum(i => Math.Abs(3 * P[i] - 7 * Q[i])), GridDivergence.TotalVariation(T(p3), T(q7), Cell, logDensities: false).ToDouble(), 12);
    }

    [Fact]
    public void PearsonChiSquared_SkipsCellsWhereBothDensitiesVanish()
    {
        double[] p = [0.5, 0, 1.5], q = [1, 0, 1];
        Assert.Equal((0.25 / 1 + 0.25 / 1) * 0.5, GridDivergence.PearsonChiSquared(T(p), T(q), 0.5, logDensities: false).ToDouble(), 14);
        Assert.Equal(0, GridDivergence.KullbackLeibler(T(q), T(q), 0.5, logDensities: false).ToDouble(), 14);
    }

    [Fact]
    public void GridDivergences_NameTheBadArgument()
    {
        var a = T(P);
        var e = Assert.Throws<ArgumentException>(() => GridDivergence.JensenShannon(a, T([1, 2]), 1));
        Assert.Equal("q", e.ParamName);
        Assert.Contains("GridDivergence.JensenShannon", e.Message);
        Assert.Contains("[5] and [2]", e.Message);
        e = Assert.Throws<ArgumentException>(() => GridDivergence.PearsonChiSquared(a, tensor(new long[] { 1, 2, 3, 4, 5 }), 1));
        Assert.Equal("p", e.ParamName);
        Assert.Contains("float tensors", e.Message);
        e = Assert.Throws<ArgumentException>(() => GridDivergence.TotalVariation(tensor(new long[] { 1, 2, 3, 4, 5 }), a, 1));
        Assert.Contains("Int64", e.Message);
        foreach (var volume in new[] { 0.0, double.PositiveInfinity, double.NaN })
            Assert.Equal("cellVolume", Assert.Throws<ArgumentException>(() => GridDivergence.Hellinger(a, a, volume)).ParamName);
        e = Assert.Throws<ArgumentException>(() => GridDivergence.KullbackLeibler(a, T([1, 1, 1, 1, -0.5]), 1, logDensities: false));
        Assert.Contains("densities must be >= 0", e.Message);
        Assert.Throws<ArgumentNullException>(() => GridDivergence.KullbackLeibler(null!, a, 1));
        Assert.Throws<ArgumentNullException>(() => GridDivergence.KullbackLeibler(a, null!, 1));
    }

    [Fact]
    public void EveryMetric_NamesItselfAndTheArgumentInItsErrors()
    {
        var (a, b) = (T(P), T([1, 2]));
        foreach (var (name, metric) in new (string, Func<Tensor, Tensor, double, bool, bool, Tensor>)[]
                 {
                     ("KullbackLeibler", GridDivergence.KullbackLeibler), ("KullbackLeibler", GridDivergence.ReverseKullbackLeibler),
                     ("JensenShannon", GridDivergence.JensenShannon), ("TotalVariation", GridDivergence.TotalVariation),
                     ("Hellinger", GridDivergence.Hellinger), ("PearsonChiSquared", GridDivergence.PearsonChiSquared),
                 })
            Assert.StartsWith($"GridDivergence.{name}: p and q must be on the same grid", Assert.Throws<ArgumentException>(() => metric(a, b, 1, true, false)).Message);
        var one = tensor(new[] { 1.0 });
        var two = tensor(new[] { 1.0, 2.0 });
        foreach (var (name, estimate) in new (string, Func<Tensor, MonteCarloEstimate>)[]
                 {
                     ("KullbackLeibler", s => MonteCarloDivergence.KullbackLeibler(s, LogPT, LogQT)),
                     ("ReverseKullbackLeibler", s => MonteCarloDivergence.ReverseKullbackLeibler(s, LogPT, LogQT)),
                     ("JensenShannon", s => MonteCarloDivergence.JensenShannon(s, two, LogPT, LogQT)),
                     ("JensenShannon", s => MonteCarloDivergence.JensenShannon(two, s, LogPT, LogQT)),
                     ("TotalVariation", s => MonteCarloDivergence.TotalVariation(s, LogPT, LogQT)),
                     ("Hellinger", s => MonteCarloDivergence.Hellinger(s, LogPT, LogQT)),
                     ("PearsonChiSquared", s => MonteCarloDivergence.PearsonChiSquared(s, LogPT, LogQT)),
                 })
            Assert.StartsWith($"MonteCarloDivergence.{name}: samples needs at least 2 points", Assert.Throws<ArgumentException>(() => estimate(one)).Message);
        var ints = tensor(new long[] { 1, 2, 3 });
        Assert.StartsWith("Mmd.KernelMatrix: bandwidths", Assert.Throws<ArgumentException>(() => Mmd.KernelMatrix(two, two, [0.0])).Message);
        Assert.StartsWith("Mmd.KernelMatrix: a must be", Assert.Throws<ArgumentException>(() => Mmd.KernelMatrix(ints, two, [1.0])).Message);
        Assert.StartsWith("Mmd.KernelMatrix: b must be", Assert.Throws<ArgumentException>(() => Mmd.KernelMatrix(two, ints, [1.0])).Message);
        Assert.StartsWith("Mmd.MedianHeuristic: x must be", Assert.Throws<ArgumentException>(() => Mmd.MedianHeuristic(ints, two)).Message);
        Assert.StartsWith("Mmd.PermutationTest: x must be", Assert.Throws<ArgumentException>(() => Mmd.PermutationTest(ints, two, [1.0])).Message);
        Assert.StartsWith("Mmd.PermutationTest: y has d = 2", Assert.Throws<ArgumentException>(() => Mmd.PermutationTest(two, zeros([2, 2], float64), [1.0])).Message);
    }

    // Monte-Carlo estimators: 6 points, log p = N(0, 1), log q = N(1, 2^2).
    static readonly double[] Samples = [-1.2, -0.3, 0.1, 0.8, 1.5, 2.6];
    static double LogP(double x) => -0.5 * x * x - 0.5 * Math.Log(2 * Math.PI);
    static double LogQ(double x) => -0.5 * Math.Pow((x - 1) / 2, 2) - Math.Log(2) - 0.5 * Math.Log(2 * Math.PI);
    static readonly Func<Tensor, Tensor> LogPT = t => t.ToDoubles().Select(LogP).ToArray() is var v ? tensor(v) : null!;
    static readonly Func<Tensor, Tensor> LogQT = t => t.ToDoubles().Select(LogQ).ToArray() is var v ? tensor(v) : null!;

    static (double mean, double se) MeanAndError(double[] terms)
    {
        double mean = terms.Average();
        double sd = Math.Sqrt(terms.Sum(t => (t - mean) * (t - mean)) / (terms.Length - 1));
        return (mean, sd / Math.Sqrt(terms.Length));
    }

    static void Matches((double mean, double se) expected, MonteCarloEstimate actual)
    {
        Assert.Equal(expected.mean, actual.Value, 12);
        Assert.Equal(expected.se, actual.StandardError, 12);
    }

    [Fact]
    public void MonteCarloDivergences_AreTheMeanAndStandardErrorOfTheirTerms()
    {
        var x = tensor(Samples);
        var y = tensor(Samples.Select(v => 2 * v - 0.5).ToArray());
        var ys = y.ToDoubles();
        double[] Terms(double[] s, Func<double, double> f) => s.Select(f).ToArray();
        Matches(MeanAndError(Terms(Samples, v => LogP(v) - LogQ(v))), MonteCarloDivergence.KullbackLeibler(x, LogPT, LogQT));
        Matches(MeanAndError(Terms(ys, v => LogQ(v) - LogP(v))), MonteCarloDivergence.ReverseKullbackLeibler(y, LogPT, LogQT));
        Matches(MeanAndError(Terms(Samples, v => 0.5 * Math.Abs(1 - Math.Exp(LogQ(v) - LogP(v))))), MonteCarloDivergence.TotalVariation(x, LogPT, LogQT));
        Matches(MeanAndError(Terms(Samples, v => Math.Exp(LogP(v) - LogQ(v)) - 1)), MonteCarloDivergence.PearsonChiSquared(x, LogPT, LogQT));
        // JS: (1/2) E_P[log(2p / (p + q))] + (1/2) E_Q[log(2q / (p + q))]; standard errors combined in quadrature.
        double Js(double la, double lb) => Math.Log(2 * Math.Exp(la) / (Math.Exp(la) + Math.Exp(lb)));
        var fromP = MeanAndError(Terms(Samples, v => Js(LogP(v), LogQ(v))));
        var fromQ = MeanAndError(Terms(ys, v => Js(LogQ(v), LogP(v))));
        Matches((0.5 * (fromP.mean + fromQ.mean), 0.5 * Math.Sqrt(fromP.se * fromP.se + fromQ.se * fromQ.se)),
            MonteCarloDivergence.JensenShannon(x, y, LogPT, LogQT));
        // Hellinger: H = sqrt(1 - E_P[sqrt(q/p)]), standard error by the delta method se(H^2) / (2 H).
        // (on points where q < p, so that the estimate of H^2 is positive)
        double[] near = [-1.2, -0.3, 0.1, 0.8, 1.0, -0.6];
        var squared = MeanAndError(Terms(near, v => 1 - Math.Sqrt(Math.Exp(LogQ(v) - LogP(v)))));
        double h = Math.Sqrt(squared.mean);
        Matches((h, squared.se / (2 * h)), MonteCarloDivergence.Hellinger(tensor(near), LogPT, LogQT));
    }

    [Fact]
    public void MonteCarloJensenShannon_IsStableForFarApartLogDensities()
    {
        // log(2a / (a + b)) with log b - log a = +-800: log 2 - 800 and log 2.
        var x = tensor(new double[] { 0, 1 });
        Func<Tensor, Tensor> zero = t => zeros([2], float64), far = t => full([2], -800.0, float64);
        var estimate = MonteCarloDivergence.JensenShannon(x, x, zero, far);
        Assert.Equal(0.5 * (Math.Log(2) + Math.Log(2) - 800), estimate.Value, 10);
    }

    [Fact]
    public void MonteCarloEstimate_OfOneTermHasNoStandardError_AndPrintsBoth()
    {
        Assert.True(double.IsNaN(MonteCarloEstimate.Of([2.5]).StandardError));
        Assert.Equal(2.5, MonteCarloEstimate.Of([2.5]).Value);
        Assert.Equal("1.23457 ± 0.012", new MonteCarloEstimate(1.2345678, 0.0123).ToString());
    }

    [Fact]
    public void MonteCarloDivergences_NameTheBadArgument()
    {
        var x = tensor(Samples);
        var e = Assert.Throws<ArgumentException>(() => MonteCarloDivergence.Hellinger(x, t => zeros([5], float64), LogQT));
        Assert.Contains("MonteCarloDivergence.Hellinger", e.Message);
        Assert.Contains("[5] for 6 samples; expected [6]", e.Message);
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => MonteCarloDivergence.KullbackLeibler(tensor(new[] { 1.0 }), LogPT, LogQT)).Message);
        Assert.Throws<ArgumentNullException>(() => MonteCarloDivergence.KullbackLeibler(x, null!, LogQT));
        Assert.Throws<ArgumentNullException>(() => MonteCarloDivergence.KullbackLeibler(x, LogPT, null!));
    }

    // MMD on 2-D points with two bandwidths.
    static readonly double[][] Xs = [[0, 0], [1, 0.5], [-0.5, 2]], Ys = [[0.5, 0.5], [2, 1], [1, -1], [0, 1.5]];
    static readonly double[] Bandwidths = [0.7, 2.0];

    static double K(double[] a, double[] b) =>
        Bandwidths.Sum(s => Math.Exp(-a.Select((v, k) => (v - b[k]) * (v - b[k])).Sum() / (2 * s * s)));

    static Tensor Matrix(double[][] rows) => tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);

    static double HandMmd(double[][] x, double[][] y, bool unbiased)
    {
        double Sum(double[][] a, double[][] b, bool skipDiagonal) =>
            a.Select((u, i) => b.Where((_, j) => !skipDiagonal || i != j).Sum(v => K(u, v))).Sum();
        int n = x.Length, m = y.Length;
        return unbiased
            ? Sum(x, x, true) / (n * (n - 1)) + Sum(y, y, true) / (m * (m - 1)) - 2 * Sum(x, y, false) / (n * m)
            : Sum(x, x, false) / (n * n) + Sum(y, y, false) / (m * m) - 2 * Sum(x, y, false) / (n * m);
    }

    [Fact]
    public void KernelMatrix_IsTheSumOfGaussianKernelsOverTheBandwidths()
    {
        var k = Mmd.KernelMatrix(Matrix(Xs), Matrix(Ys), Bandwidths).ToDoubles();
        for (int i = 0; i < Xs.Length; i++)
            for (int j = 0; j < Ys.Length; j++) Assert.Equal(K(Xs[i], Ys[j]), k[i * Ys.Length + j], 14);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PermutationTest_StatisticAndNullsAreTheMmdOfEachRelabelling(bool unbiased)
    {
        var pooled = Xs.Concat(Ys).ToArray();
        var test = Mmd.PermutationTest(Matrix(Xs), Matrix(Ys), Bandwidths, permutations: 6, unbiased: unbiased, generator: new Generator(60));
        Assert.Equal(HandMmd(Xs, Ys, unbiased), test.Statistic, 12);
        Assert.Equal(HandMmd(Xs, Ys, unbiased), Mmd.Squared(Matrix(Xs), Matrix(Ys), Bandwidths, unbiased).ToDouble(), 12);
        var g = new Generator(60);
        for (int p = 0; p < 6; p++)
        {
            var order = randperm(pooled.Length, generator: g).data<long>().ToArray();
            var x = order.Take(Xs.Length).Select(i => pooled[i]).ToArray();
            var y = order.Skip(Xs.Length).Select(i => pooled[i]).ToArray();
            Assert.Equal(HandMmd(x, y, unbiased), test.NullStatistics[p], 12);
        }
        Assert.Equal((1 + test.NullStatistics.Count(s => s >= test.Statistic)) / 7.0, test.PValue, 14);
        Assert.Equal(Bandwidths, test.Bandwidths);
        Assert.NotSame(Bandwidths, test.Bandwidths);
    }

    [Fact]
    public void PermutationTest_PValueCountsNullsAtLeastAsLarge_TiesIncluded()
    {
        // 2 + 2 points have 6 labellings, so among 20 relabellings some repeat the original one exactly (a tie).
        var (x, y) = (Matrix(Xs[..2]), Matrix(Ys[..2]));
        var test = Mmd.PermutationTest(x, y, Bandwidths, permutations: 20, generator: new Generator(61));
        Assert.Contains(test.NullStatistics, s => s == test.Statistic);
        Assert.Equal((1 + test.NullStatistics.Count(s => s >= test.Statistic)) / 21.0, test.PValue, 14);
        Assert.Equal(20, test.NullStatistics.Length);
    }

    [Fact]
    public void MedianHeuristic_IsTheMedianDistance_OrTheSmallestPositiveOneWhenTheMedianIsZero()
    {
        // 3 points on a line: distances 1, 2, 3 (odd count) -> 2; 4 points 0, 1, 3, 6: 1 2 3 3 5 6 (even) -> 3.
        Assert.Equal(2, Mmd.MedianHeuristic(tensor(new double[] { 0, 1 }), tensor(new double[] { 3 })), 14);
        Assert.Equal(3, Mmd.MedianHeuristic(tensor(new double[] { 0, 1 }), tensor(new double[] { 3, 6 })), 14);
        // 0, 1, 3.5, 4.5: 1 1 2.5 3.5 3.5 4.5 -> (2.5 + 3.5) / 2.
        Assert.Equal(3, Mmd.MedianHeuristic(tensor(new double[] { 0, 1 }), tensor(new double[] { 3.5, 4.5 })), 14);
        // 4 equal points and one at distance 2: 6 zero distances, 4 of 2 -> median 0 -> the smallest positive, 2.
        Assert.Equal(2, Mmd.MedianHeuristic(zeros([4], float64), tensor(new double[] { 2 })), 14);
        Assert.Equal(Math.Sqrt(2), Mmd.MedianHeuristic(tensor(new double[] { 0, 0 }, [1, 2]), tensor(new double[] { 1, 1 }, [1, 2])), 14);
        // 2-D: (0, 0), (3, 4), (6, 8): distances 5, 10, 5 -> 5.
        Assert.Equal(5, Mmd.MedianHeuristic(tensor(new double[] { 0, 0, 3, 4 }, [2, 2]), tensor(new double[] { 6, 8 }, [1, 2])), 14);
        Assert.Contains("all points coincide", Assert.Throws<ArgumentException>(() => Mmd.MedianHeuristic(zeros([3], float64), zeros([2], float64))).Message);
        // Only the first 1000 pooled points count: 1000 zeros then far points give no positive distance.
        Assert.Throws<ArgumentException>(() => Mmd.MedianHeuristic(zeros([1000], float64), full([5], 3.0, float64)));
        // Without bandwidths, Squared uses the median heuristic.
        var (a, b) = (tensor(new double[] { 0, 1 }), tensor(new double[] { 3, 6 }));
        Assert.Equal(Mmd.Squared(a, b, [3.0]).ToDouble(), Mmd.Squared(a, b).ToDouble(), 14);
        Assert.Equal(3.0, Mmd.PermutationTest(a, b, permutations: 1, generator: new Generator(0)).Bandwidths.Single(), 14);
    }

    [Fact]
    public void Mmd_NamesTheBadArgument()
    {
        var x = Matrix(Xs);
        var e = Assert.Throws<ArgumentException>(() => Mmd.KernelMatrix(x, tensor(new double[] { 1, 2, 3 }, [1, 3]), Bandwidths));
        Assert.Equal("b", e.ParamName);
        Assert.Contains("[3, 2] and [1, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Mmd.KernelMatrix(zeros([2, 2, 2]), x, Bandwidths));
        Assert.Equal("a", e.ParamName);
        Assert.Contains("Mmd.KernelMatrix: a must be a float tensor", e.Message);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Mmd.KernelMatrix(x, tensor(new long[] { 1, 2 }, [1, 2]), Bandwidths)).ParamName);
        foreach (var bad in new[] { Array.Empty<double>(), [1, 0], [double.PositiveInfinity], [double.NaN] })
            Assert.Contains("bandwidths must be finite numbers > 0", Assert.Throws<ArgumentException>(() => Mmd.KernelMatrix(x, x, bad)).Message);
        Assert.Throws<ArgumentNullException>(() => Mmd.KernelMatrix(x, x, null!));
        e = Assert.Throws<ArgumentException>(() => Mmd.Squared(tensor(new double[] { 1 }), tensor(new double[] { 1, 2 }), Bandwidths));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("n = 1, m = 2", e.Message);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Mmd.Squared(tensor(new double[] { 1, 2 }), tensor(new double[] { 1 }), Bandwidths)).ParamName);
        Assert.Equal(0, Mmd.Squared(tensor(new double[] { 1 }), tensor(new double[] { 1 }), Bandwidths, unbiased: false).ToDouble(), 14);
        e = Assert.Throws<ArgumentException>(() => Mmd.PermutationTest(x, x, Bandwidths, permutations: 0));
        Assert.Contains("permutations must be >= 1, got 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => Mmd.PermutationTest(tensor(new double[] { 1 }), tensor(new double[] { 1, 2 }), Bandwidths));
        Assert.Contains("got 1 and 2", e.Message);
        Assert.Contains("got 2 and 1", Assert.Throws<ArgumentException>(() => Mmd.PermutationTest(tensor(new double[] { 1, 2 }), tensor(new double[] { 1 }), Bandwidths)).Message);
        _ = Mmd.PermutationTest(tensor(new double[] { 1, 2 }), tensor(new double[] { 1, 3 }), Bandwidths, permutations: 1);   // the smallest valid test runs
    }

    // The f-divergence table at a few arguments: f(u), f*(t) inside dom f*, g_f(v).
    public static IEnumerable<object[]> Table() =>
    [
        ["Kullback-Leibler", (Func<double, double>)(u => u * Math.Log(u)), (Func<double, double>)(t => Math.Exp(t - 1)), (Func<double, double>)(v => v), double.NegativeInfinity, double.PositiveInfinity, 1.0],
        ["Reverse Kullback-Leibler", (Func<double, double>)(u => -Math.Log(u)), (Func<double, double>)(t => -1 - Math.Log(-t)), (Func<double, double>)(v => -Math.Exp(-v)), double.NegativeInfinity, 0.0, -1.0],
        ["Pearson chi^2", (Func<double, double>)(u => (u - 1) * (u - 1)), (Func<double, double>)(t => t * t / 4 + t), (Func<double, double>)(v => v), double.NegativeInfinity, double.PositiveInfinity, 0.0],
        ["Neyman chi^2", (Func<double, double>)(u => (1 - u) * (1 - u) / u), (Func<double, double>)(t => 2 - 2 * Math.Sqrt(1 - t)), (Func<double, double>)(v => 1 - Math.Exp(-v)), double.NegativeInfinity, 1.0, 0.0],
        ["Squared Hellinger", (Func<double, double>)(u => Math.Pow(Math.Sqrt(u) - 1, 2)), (Func<double, double>)(t => t / (1 - t)), (Func<double, double>)(v => 1 - Math.Exp(-v)), double.NegativeInfinity, 1.0, 0.0],
        ["Jeffrey", (Func<double, double>)(u => (u - 1) * Math.Log(u)), (Func<double, double>)(t => LambertW(Math.Exp(1 - t)) + 1 / LambertW(Math.Exp(1 - t)) + t - 2), (Func<double, double>)(v => v), double.NegativeInfinity, double.PositiveInfinity, 0.0],
        ["Jensen-Shannon", (Func<double, double>)(u => -(u + 1) * Math.Log((1 + u) / 2) + u * Math.Log(u)), (Func<double, double>)(t => -Math.Log(2 - Math.Exp(t))), (Func<double, double>)(v => Math.Log(2) - Math.Log(1 + Math.Exp(-v))), double.NegativeInfinity, Math.Log(2), 0.0],
        ["GAN", (Func<double, double>)(u => u * Math.Log(u) - (u + 1) * Math.Log(u + 1)), (Func<double, double>)(t => -Math.Log(1 - Math.Exp(t))), (Func<double, double>)(v => -Math.Log(1 + Math.Exp(-v))), double.NegativeInfinity, 0.0, -Math.Log(2)],
        ["Total variation", (Func<double, double>)(u => Math.Abs(u - 1) / 2), (Func<double, double>)(t => t), (Func<double, double>)(v => Math.Tanh(v) / 2), -0.5, 0.5, 0.0],
    ];

    /// <summary>Lambert W on y &gt; 0 by bisection of w e^w = y (independent of the library's Newton iteration).</summary>
    static double LambertW(double y)
    {
        double lo = 0, hi = Math.Max(1, Math.Log(y) + 1);
        for (int i = 0; i < 200; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (mid * Math.Exp(mid) < y) lo = mid;
            else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void FDivergenceRow_MatchesTheTableOfNowozinEtAl(string name, Func<double, double> f, Func<double, double> conjugate,
        Func<double, double> activation, double low, double high, double derivativeAtOne)
    {
        var row = FDivergence.All.Single(d => d.Name == name);
        Assert.Equal(name, row.ToString());
        Assert.Equal((low, high, derivativeAtOne), (row.DomainLow, row.DomainHigh, row.DerivativeAtOne));
        double[] u = [0.2, 0.7, 1.5, 3];
        Assert.Equal(u.Select(f).ToArray(), row.GeneratorFunction(tensor(u)).ToDoubles(), new Models.Tolerance(1e-12));
        double[] v = [-2, -0.3, 0.4, 1.7];
        var t = v.Select(activation).ToArray();   // inside dom f*
        Assert.Equal(t, row.OutputActivation(tensor(v)).ToDoubles(), new Models.Tolerance(1e-12));
        Assert.Equal(t.Select(conjugate).ToArray(), row.Conjugate(tensor(t)).ToDoubles(), new Models.Tolerance(1e-12));
        // The bound E_P[g(V)] - E_Q[f*(g(V))] on critic outputs for two samples.
        double[] onP = [0.5, 1.2, -0.4], onQ = [-1, 0.3];
        double expected = onP.Select(activation).Average() - onQ.Select(w => conjugate(activation(w))).Average();
        Assert.Equal(expected, row.VariationalBound(tensor(onP), tensor(onQ)).ToDouble(), 12);
    }

    [Fact]
    public void FDivergenceTable_IsInThePapersOrder()
    {
        Assert.Equal(["Kullback-Leibler", "Reverse Kullback-Leibler", "Pearson chi^2", "Neyman chi^2", "Squared Hellinger", "Jeffrey", "Jensen-Shannon", "GAN", "Total variation"],
            FDivergence.All.Select(d => d.Name));
        Assert.Same(FDivergence.Gan, FDivergence.All[7]);
    }
}
