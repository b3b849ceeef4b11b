namespace GenCourse.Models.Density;

/// <summary>
/// Histogram density estimate in 1-D or 2-D: equal bins over the data range (or a given range), density =
/// count / (n * bin volume), constant inside each bin. The number of bins is fixed or chosen by a rule of
/// <see cref="BinRules"/>: "sturges", "scott", "fd" (Freedman-Diaconis) or "cv" (the cross-validation risk).
/// Bins follow NumPy's <c>histogram</c>: half-open [a, b) except the last, which includes its right edge; points
/// outside the range are ignored.
/// </summary>
/// <example><code>
/// var h = new Histogram("fd").Fit(x);         // x: [n] or [n, 2]
/// var logDensity = h.ScoreSamples(grid);      // -inf outside the bins
/// var fresh = h.Sample(1000, new Generator(0));
/// </code></example>
public sealed class Histogram
{
    readonly int[]? fixedBins;
    readonly double[]? range;
    readonly int maxBins;
    double[][] edges = [];
    double[] counts = [];
    double[] density = [];
    double total;
    bool fittedOnVector;

    /// <summary>A histogram with <paramref name="bins"/> bins on every axis.</summary>
    public Histogram(int bins, double[]? range = null) : this([bins], range) { }

    /// <summary>A histogram with bins[k] bins on axis k (a single value applies to every axis).</summary>
    public Histogram(int[] bins, double[]? range = null)
    {
        ArgumentNullException.ThrowIfNull(bins);
        if (bins.Length is not (1 or 2) || bins.Any(b => b < 1))
            throw new ArgumentException($"Histogram: bins must be one or two counts >= 1, got [{string.Join(", ", bins)}]", nameof(bins));
        (fixedBins, this.range) = ((int[])bins.Clone(), CheckRange(range));
    }

    /// <summary>A histogram whose bin counts come from a rule of <see cref="BinRules"/> (maxBins bounds the "cv" search).</summary>
    public Histogram(string rule, double[]? range = null, int maxBins = 100)
    {
        if (!BinRules.Names.Contains(rule))
            throw new ArgumentException($"Histogram: unknown bin rule \"{rule}\"; expected one of {string.Join(", ", BinRules.Names)}", nameof(rule));
        if (maxBins < 1) throw new ArgumentException($"Histogram: maxBins must be >= 1, got {maxBins}", nameof(maxBins));
        (Rule, this.range, this.maxBins) = (rule, CheckRange(range), maxBins);
    }

    /// <summary>The bin rule, or null for fixed bin counts.</summary>
    public string? Rule { get; }

    /// <summary>Dimension of the fitted data (1 or 2).</summary>
    public int Dimension => Fitted.Length;

    /// <summary>Number of bins on each axis.</summary>
    public int[] BinCounts => Fitted.Select(e => e.Length - 1).ToArray();

    /// <summary>Bin edges of each axis, float64 [bins + 1].</summary>
    public IReadOnlyList<Tensor> Edges => Fitted.Select(e => torch.tensor(e)).ToArray();

    /// <summary>Number of points in each bin, float64 [bx] or [bx, by].</summary>
    public Tensor Counts => torch.tensor(counts, BinCounts.Select(b => (long)b).ToArray());

    /// <summary>Density in each bin, count / (n * bin volume), float64 [bx] or [bx, by].</summary>
    public Tensor Density => torch.tensor(density, BinCounts.Select(b => (long)b).ToArray());

    /// <summary>The risk curve when the rule is "cv", else null.</summary>
    public HistogramRisk? CrossValidation { get; private set; }

    double[][] Fitted => edges.Length > 0 ? edges : throw new InvalidOperationException("Histogram: call Fit(x) before using the model");

    /// <summary>Counts the points x [n] (1-D), [n, 1] or [n, 2] (2-D) into bins.</summary>
    public Histogram Fit(Tensor x)
    {
        var points = Points.From(x, "Histogram.Fit", minCount: Rule is null ? 1 : 2);
        int d = points.Dimension;
        if (d > 2) throw new ArgumentException($"Histogram.Fit: x must hold 1-D or 2-D points, got d = {d} (shape {Shape.Format(x.shape)})", nameof(x));
        if (range is not null && range.Length != 2 * d)
            throw new ArgumentException($"Histogram.Fit: range has {range.Length} values but {d}-D data needs {2 * d} (low, high per axis)", "range");
        var axes = Enumerable.Range(0, d).Select(points.Column).ToArray();
        var bounds = Enumerable.Range(0, d).Select(k => range is null ? (axes[k].Min(), axes[k].Max()) : (range[2 * k], range[2 * k + 1])).ToArray();
        if (fixedBins is not null && fixedBins.Length == 2 && d == 1)
            throw new ArgumentException("Histogram.Fit: two bin counts were given for 1-D data", nameof(x));
        var bins = Enumerable.Range(0, d).Select(k => fixedBins is null ? 0 : fixedBins[Math.Min(k, fixedBins.Length - 1)]).ToArray();
        CrossValidation = Rule == "cv" ? BinRules.CrossValidationRisk(x, maxBins, range) : null;
        for (int k = 0; k < d && Rule is not null; k++)
        {
            double span = bounds[k].Item2 - bounds[k].Item1;
            bins[k] = Rule switch
            {
                "sturges" => BinRules.BinsFromWidth(span, BinRules.SturgesWidth(axes[k])),
                "scott" => BinRules.BinsFromWidth(span, BinRules.ScottWidth(axes[k], d)),
                "fd" => BinRules.BinsFromWidth(span, BinRules.FreedmanDiaconisWidth(axes[k], d)),
                _ => CrossValidation!.Best,
            };
        }
        edges = Enumerable.Range(0, d).Select(k => EdgesOf(bounds[k], bins[k])).ToArray();
        counts = Count(points, bounds, bins);
        total = counts.Sum();
        double volume = edges.Aggregate(1.0, (v, e) => v * (e[^1] - e[0]) / (e.Length - 1));
        density = counts.Select(c => total > 0 ? c / (total * volume) : 0).ToArray();
        fittedOnVector = points.IsVector;
        return this;
    }

    /// <summary>log density of the bin holding each row of x, float64 [m]; -inf outside the range or in empty bins.</summary>
    public Tensor ScoreSamples(Tensor x)
    {
        var points = Points.From(x, "Histogram.ScoreSamples", dimension: Dimension);
        var result = new double[points.Count];
        for (int i = 0; i < points.Count; i++)
        {
            int cell = Cell(points.Row(i), edges);
            result[i] = cell < 0 ? double.NegativeInfinity : Math.Log(density[cell]);
        }
        return Points.Vector(result);
    }

    /// <summary>n points: a bin drawn with probability count / n, then a uniform point inside it.</summary>
    public Tensor Sample(int n, Generator? generator = null)
    {
        if (n < 0) throw new ArgumentException($"Histogram.Sample: n must be >= 0, got {n}", nameof(n));
        if (!(Fitted.Length > 0 && total > 0)) throw new InvalidOperationException("Histogram.Sample: no point fell inside the bins");
        var gen = new RandomStream(generator);
        var cumulative = new double[counts.Length];
        double acc = 0;
        for (int c = 0; c < counts.Length; c++) cumulative[c] = acc += counts[c];
        int d = Dimension, by = d == 2 ? edges[1].Length - 1 : 1;
        var values = new double[n * d];
        for (int s = 0; s < n; s++)
        {
            int cell = Array.BinarySearch(cumulative, gen.NextDouble() * total);
            cell = cell < 0 ? ~cell : cell + 1;
            while (counts[cell] == 0) cell++;   // an exact hit on a cumulative count belongs to the next non-empty bin
            int[] index = d == 1 ? [cell] : [cell / by, cell % by];
            for (int k = 0; k < d; k++)
            {
                var e = edges[k];
                values[s * d + k] = e[index[k]] + gen.NextDouble() * (e[index[k] + 1] - e[index[k]]);
            }
        }
        return Points.ToTensor(values, n, d, fittedOnVector);
    }

    /// <summary>Row-major bin counts of the points over the given bounds (NumPy's rules for ties and edges).</summary>
    internal static double[] Count(Points points, (double low, double high)[] bounds, int[] bins)
    {
        var e = Enumerable.Range(0, bounds.Length).Select(k => EdgesOf(bounds[k], bins[k])).ToArray();
        var result = new double[bins.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < points.Count; i++)
        {
            int cell = Cell(points.Row(i), e);
            if (cell >= 0) result[cell]++;
        }
        return result;
    }

    /// <summary>m + 1 equally spaced edges; an empty range becomes [low - 0.5, high + 0.5] as in NumPy.</summary>
    static double[] EdgesOf((double low, double high) bound, int m)
    {
        var (low, high) = bound.low == bound.high ? (bound.low - 0.5, bound.high + 0.5) : bound;
        return Enumerable.Range(0, m + 1).Select(i => i == m ? high : low + i * (high - low) / m).ToArray();
    }

    /// <summary>Row-major index of the bin holding the point, or -1 outside the edges.</summary>
    static int Cell(ReadOnlySpan<double> point, double[][] edges)
    {
        int cell = 0;
        for (int k = 0; k < edges.Length; k++)
        {
            var e = edges[k];
            int m = e.Length - 1;
            double v = point[k];
            if (!(v >= e[0] && v <= e[m])) return -1;
            int index = Math.Min((int)((v - e[0]) * (m / (e[m] - e[0]))), m - 1);
            if (v < e[index]) index--;
            else if (index < m - 1 && v >= e[index + 1]) index++;
            cell = cell * m + index;
        }
        return cell;
    }

    static double[]? CheckRange(double[]? range)
    {
        if (range is null) return null;
        if (range.Length is not (2 or 4) || Enumerable.Range(0, range.Length / 2).Any(k => !(range[2 * k] < range[2 * k + 1])))
            throw new ArgumentException($"Histogram: range must be [low, high] or [xlow, xhigh, ylow, yhigh] with low < high, got [{string.Join(", ", range)}]", nameof(range));
        return (double[])range.Clone();
    }
}
