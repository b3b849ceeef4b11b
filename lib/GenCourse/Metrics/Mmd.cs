using System.Numerics.Tensors;
using GenCourse.Models.Density;

namespace GenCourse.Metrics;

/// <summary>
/// Maximum mean discrepancy with the Gaussian kernel k(a, b) = sum_s exp(-|a - b|^2 / (2 s^2)) over one or several
/// bandwidths s (Gretton et al. 2012): MMD^2 = E k(x, x') + E k(y, y') - 2 E k(x, y), x, x' ~ P, y, y' ~ Q.
/// The biased estimator averages over all pairs (diagonal included); the unbiased one leaves out i = j in the
/// within-sample terms (it can be slightly negative and has mean 0 when P = Q).
/// </summary>
public static class Mmd
{
    /// <summary>Gram matrix k(a_i, b_j), [n, m], from tensor ops (differentiable).</summary>
    public static Tensor KernelMatrix(Tensor a, Tensor b, double[] bandwidths)
    {
        CheckBandwidths(bandwidths, "Mmd.KernelMatrix");
        var (ma, mb) = (AsMatrix(a, "Mmd.KernelMatrix", "a"), AsMatrix(b, "Mmd.KernelMatrix", "b"));
        if (ma.size(1) != mb.size(1))
            throw new ArgumentException($"Mmd.KernelMatrix: a and b must have the same dimension, got shapes {Shape.Format(a.shape)} and {Shape.Format(b.shape)}", nameof(b));
        // |a - b|^2 = |a|^2 + |b|^2 - 2 a.b, clamped at 0 against rounding.
        var squared = (ma.square().sum(1, keepdim: true) + mb.square().sum(1).unsqueeze(0) - 2 * ma.mm(mb.t())).clamp_min(0);
        Tensor? sum = null;
        foreach (var s in bandwidths)
        {
            var k = (squared * (-0.5 / (s * s))).exp();
            sum = sum is null ? k : sum + k;
        }
        return sum!;
    }

    /// <summary>
    /// MMD^2 between samples x [n, d] and y [m, d] (or 1-D [n], [m]); bandwidths default to the median heuristic.
    /// A 0-dimensional tensor that can be backpropagated (e.g. to train a generator by moment matching).
    /// </summary>
    public static Tensor Squared(Tensor x, Tensor y, double[]? bandwidths = null, bool unbiased = true)
    {
        bandwidths ??= [MedianHeuristic(x, y)];
        int n = (int)x.size(0), m = (int)y.size(0);
        if (unbiased && (n < 2 || m < 2))
            throw new ArgumentException($"Mmd.Squared: the unbiased estimator needs at least 2 points per sample, got n = {n}, m = {m}", n < 2 ? nameof(x) : nameof(y));
        var kxx = KernelMatrix(x, x, bandwidths);
        var kyy = KernelMatrix(y, y, bandwidths);
        var kxy = KernelMatrix(x, y, bandwidths);
        if (!unbiased) return kxx.mean() + kyy.mean() - 2 * kxy.mean();
        // k(a, a) = number of bandwidths on the diagonal.
        double diagonal = bandwidths.Length;
        return (kxx.sum() - n * diagonal) / (n * (n - 1.0)) + (kyy.sum() - m * diagonal) / (m * (m - 1.0)) - 2 * kxy.mean();
    }

    /// <summary>Median distance between distinct points of the pooled sample (at most the first 1000 points of it).</summary>
    public static double MedianHeuristic(Tensor x, Tensor y)
    {
        var pooled = Pooled(x, y, "Mmd.MedianHeuristic");
        int n = Math.Min(pooled.Count, 1000), d = pooled.Dimension;
        var distances = new List<double>(n * (n - 1) / 2);
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < d; k++) s += Math.Pow(pooled.Values[i * d + k] - pooled.Values[j * d + k], 2);
                distances.Add(Math.Sqrt(s));
            }
        distances.Sort();
        if (distances.Count == 0 || distances[^1] == 0)
            throw new ArgumentException("Mmd.MedianHeuristic: all points coincide; give the bandwidths explicitly", nameof(x));
        double median = distances.Count % 2 == 1 ? distances[distances.Count / 2] : 0.5 * (distances[distances.Count / 2 - 1] + distances[distances.Count / 2]);
        return median > 0 ? median : distances.First(v => v > 0);
    }

    /// <summary>
    /// Permutation two-sample test of P = Q: MMD^2 of the samples against MMD^2 of random relabellings of the pooled
    /// points (the Gram matrix is computed once; each permutation re-sums it).
    /// </summary>
    public static MmdTest PermutationTest(Tensor x, Tensor y, double[]? bandwidths = null, int permutations = 500, bool unbiased = true, Generator? generator = null)
    {
        if (permutations < 1) throw new ArgumentException($"Mmd.PermutationTest: permutations must be >= 1, got {permutations}", nameof(permutations));
        bandwidths ??= [MedianHeuristic(x, y)];
        var pooled = Pooled(x, y, "Mmd.PermutationTest");
        int n = (int)x.size(0), total = pooled.Count;
        if (n < 2 || total - n < 2) throw new ArgumentException($"Mmd.PermutationTest: needs at least 2 points per sample, got {n} and {total - n}", nameof(x));
        var pooledTensor = tensor(pooled.Values, [total, pooled.Dimension]);
        double[] gram;
        using (no_grad()) gram = KernelMatrix(pooledTensor, pooledTensor, bandwidths).ToDoubles();
        var labellings = new bool[permutations + 1][];
        labellings[0] = Enumerable.Range(0, total).Select(i => i < n).ToArray();
        for (int p = 1; p <= permutations; p++)
        {
            var order = randperm(total, generator: generator).data<long>().ToArray();
            labellings[p] = new bool[total];
            for (int i = 0; i < n; i++) labellings[p][order[i]] = true;
        }
        double all = TensorPrimitives.Sum(gram);
        var statistics = new double[permutations + 1];
        Parallel.For(0, permutations + 1, p => statistics[p] = FromGram(gram, all, labellings[p], n, unbiased, bandwidths.Length));
        var nulls = statistics[1..];
        double pValue = (1 + nulls.Count(s => s >= statistics[0])) / (1.0 + permutations);
        return new MmdTest(statistics[0], pValue, nulls, (double[])bandwidths.Clone());
    }

    /// <summary>MMD^2 from the pooled Gram matrix and a labelling (true = first sample): one SIMD dot product per row.</summary>
    static double FromGram(double[] gram, double all, bool[] inX, int n, bool unbiased, double diagonal)
    {
        int total = inX.Length;
        var indicator = new double[total];
        for (int i = 0; i < total; i++) indicator[i] = inX[i] ? 1 : 0;
        double xx = 0, xy = 0;
        for (int i = 0; i < total; i++)
        {
            var row = gram.AsSpan(i * total, total);
            double toX = TensorPrimitives.Dot(row, indicator);
            if (inX[i]) xx += toX;
            else xy += toX;
        }
        double yy = all - xx - 2 * xy;
        int m = total - n;
        return unbiased
            ? (xx - n * diagonal) / (n * (n - 1.0)) + (yy - m * diagonal) / (m * (m - 1.0)) - 2 * xy / ((double)n * m)
            : xx / ((double)n * n) + yy / ((double)m * m) - 2 * xy / ((double)n * m);
    }

    static Points Pooled(Tensor x, Tensor y, string op)
    {
        var px = Points.From(x, op, "x");
        var py = Points.From(y, op, "y", dimension: px.Dimension);
        return new Points([.. px.Values, .. py.Values], px.Count + py.Count, px.Dimension, px.IsVector);
    }

    static Tensor AsMatrix(Tensor t, string op, string argument)
    {
        if (t.dim() is not (1 or 2) || !is_floating_point(t))
            throw new ArgumentException($"{op}: {argument} must be a float tensor [n, d] or [n], got shape {Shape.Format(t.shape)} of dtype {t.dtype}", argument);
        return t.dim() == 1 ? t.unsqueeze(1) : t;
    }

    static void CheckBandwidths(double[] bandwidths, string op)
    {
        ArgumentNullException.ThrowIfNull(bandwidths);
        if (bandwidths.Length == 0 || bandwidths.Any(s => !(s > 0) || double.IsInfinity(s)))
            throw new ArgumentException($"{op}: bandwidths must be finite numbers > 0, got [{string.Join(", ", bandwidths)}]", nameof(bandwidths));
    }
}
