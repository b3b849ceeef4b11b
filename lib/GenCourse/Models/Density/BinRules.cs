namespace GenCourse.Models.Density;

/// <summary>
/// Rules for the number of histogram bins. The 1-D rules compute a bin width exactly as NumPy's
/// <c>histogram_bin_edges</c> and then use ceil(range / width) bins; in d dimensions Scott and Freedman-Diaconis are
/// applied per axis with the exponent -1/(d+2) of the d-dimensional optimum (Scott 1992).
/// </summary>
public static class BinRules
{
    /// <summary>The rule names accepted by <see cref="Histogram"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["sturges", "scott", "fd", "cv"];

    /// <summary>Sturges: width = range / (log2 n + 1).</summary>
    public static double SturgesWidth(double[] x) => Range(x) / (Math.Log2(x.Length) + 1);

    /// <summary>Scott: width = (24 sqrt(pi) / n)^(1/3) sigma in 1-D (about 3.49 sigma n^(-1/3)); 3.5 sigma n^(-1/(d+2)) in d dimensions.</summary>
    public static double ScottWidth(double[] x, int dimension = 1) =>
        dimension == 1
            ? Math.Pow(24 * Math.Sqrt(Math.PI) / x.Length, 1.0 / 3) * StandardDeviation(x)
            : 3.5 * StandardDeviation(x) * Math.Pow(x.Length, -1.0 / (dimension + 2));

    /// <summary>Freedman-Diaconis: width = 2 IQR n^(-1/3) (n^(-1/(d+2)) in d dimensions), robust to outliers.</summary>
    public static double FreedmanDiaconisWidth(double[] x, int dimension = 1)
    {
        var sorted = (double[])x.Clone();
        Array.Sort(sorted);
        double iqr = Percentile(sorted, 75) - Percentile(sorted, 25);
        return 2 * iqr * Math.Pow(x.Length, -1.0 / (dimension + 2));
    }

    /// <summary>ceil(range / width) bins, or 1 when the width is 0 (NumPy's convention).</summary>
    public static int BinsFromWidth(double range, double width) => width > 0 ? Math.Max(1, (int)Math.Ceiling(range / width)) : 1;

    /// <summary>
    /// The cross-validation estimate of the risk (integrated squared error minus a constant) of a histogram with bin
    /// width (cell volume) h: J(h) = 2 / ((n-1) h) - (n+1) / ((n-1) h) sum_j p_j^2, p_j the fraction of points in bin
    /// j (Wasserman, All of Nonparametric Statistics, 6.16), for m = 1..maxBins equal bins per axis over the data's
    /// bounding box (or over <paramref name="range"/>: [low, high] or [xlow, xhigh, ylow, yhigh]). Pick the m with
    /// the smallest risk.
    /// </summary>
    public static HistogramRisk CrossValidationRisk(Tensor x, int maxBins = 100, double[]? range = null)
    {
        if (maxBins < 1) throw new ArgumentException($"BinRules.CrossValidationRisk: maxBins must be >= 1, got {maxBins}", nameof(maxBins));
        var points = Points.From(x, "BinRules.CrossValidationRisk", minCount: 2);
        if (points.Dimension > 2)
            throw new ArgumentException($"BinRules.CrossValidationRisk: x must be 1-D or 2-D points, got d = {points.Dimension}", nameof(x));
        var axes = Enumerable.Range(0, points.Dimension).Select(points.Column).ToArray();
        if (range is not null && range.Length != 2 * points.Dimension)
            throw new ArgumentException($"BinRules.CrossValidationRisk: range has {range.Length} values but {points.Dimension}-D data needs {2 * points.Dimension}", nameof(range));
        var bounds = Enumerable.Range(0, points.Dimension)
            .Select(k => range is null ? (axes[k].Min(), axes[k].Max()) : (range[2 * k], range[2 * k + 1])).ToArray();
        var counts = new int[maxBins];
        var risk = new double[maxBins];
        int n = points.Count;
        for (int m = 1; m <= maxBins; m++)
        {
            var bins = Enumerable.Repeat(m, points.Dimension).ToArray();
            var histogram = Histogram.Count(points, bounds, bins);
            double h = bounds.Aggregate(1.0, (v, b) => v * (b.Item2 > b.Item1 ? (b.Item2 - b.Item1) / m : 1.0 / m));
            double sumSquares = histogram.Sum(c => (c / n) * (c / n));
            counts[m - 1] = m;
            risk[m - 1] = 2 / ((n - 1) * h) - (n + 1) / ((n - 1) * h) * sumSquares;
        }
        int best = Array.IndexOf(risk, risk.Min());
        return new HistogramRisk(counts, risk, counts[best]);
    }

    internal static double Range(double[] x) => x.Max() - x.Min();

    /// <summary>Population standard deviation (NumPy's default, ddof = 0).</summary>
    static double StandardDeviation(double[] x)
    {
        double mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / x.Length);
    }

    /// <summary>Percentile q of sorted values with linear interpolation at position q/100 (n - 1) (NumPy's default).</summary>
    static double Percentile(double[] sorted, double q)
    {
        double position = q / 100 * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
