namespace GenCourse.Models.Density;

/// <summary>
/// k-nearest-neighbour density estimate p(x) = k / (n V_d r_k(x)^d), where r_k(x) is the distance from x to its
/// k-th nearest training point and V_d = pi^(d/2) / Gamma(d/2 + 1) the volume of the unit d-ball: the ball around x
/// that holds k of the n points has probability about k / n. Not a normalised density (its integral diverges,
/// the tails decay like |x|^-d), but it adapts its resolution to the local density of the data.
/// A training point queried itself counts as its own nearest neighbour (distance 0 for k = 1).
/// </summary>
public sealed class KnnDensity
{
    PointColumns? columns;

    public KnnDensity(int k = 10)
    {
        if (k < 1) throw new ArgumentException($"KnnDensity: k must be >= 1, got {k}", nameof(k));
        K = k;
    }

    /// <summary>The neighbour rank k.</summary>
    public int K { get; }

    /// <summary>Number of training points n.</summary>
    public int SampleCount => Fitted.Count;

    PointColumns Fitted => columns ?? throw new InvalidOperationException("KnnDensity: call Fit(x) before using the model");

    /// <summary>Stores the training points [n, d] (or [n]); needs n &gt;= k.</summary>
    public KnnDensity Fit(Tensor x)
    {
        columns = new PointColumns(Points.From(x, "KnnDensity.Fit", minCount: K));
        return this;
    }

    /// <summary>Distance r_k(x) from each row of x to its k-th nearest training point, float64 [m].</summary>
    public Tensor KthNeighborDistance(Tensor x) =>
        Points.Vector(Array.ConvertAll(KthSquaredDistances(Query(x, "KnnDensity.KthNeighborDistance")), Math.Sqrt));

    /// <summary>log p(x) = log k - log n - log V_d - d log r_k(x) for each row of x, float64 [m] (+inf where r_k = 0).</summary>
    public Tensor ScoreSamples(Tensor x)
    {
        var queries = Query(x, "KnnDensity.ScoreSamples");
        var squared = KthSquaredDistances(queries);
        int d = Fitted.Dimension;
        double constant = Math.Log(K) - Math.Log(Fitted.Count) - DensityKernels.LogUnitBallVolume(d);
        return Points.Vector(Array.ConvertAll(squared, r2 => constant - 0.5 * d * Math.Log(r2)));
    }

    Points Query(Tensor x, string op) => Points.From(x, op, dimension: Fitted.Dimension);

    double[] KthSquaredDistances(Points queries)
    {
        var data = Fitted;
        var result = new double[queries.Count];
        const int Batch = 32;
        Parallel.For(0, (queries.Count + Batch - 1) / Batch, () => new double[(data.Count + 3) / 4 * 4], (batch, _, distances) =>
        {
            for (int q = batch * Batch; q < Math.Min(queries.Count, (batch + 1) * Batch); q++)
            {
                data.SquaredDistances(queries.Row(q), distances);
                result[q] = Select(distances.AsSpan(0, data.Count), K - 1);
            }
            return distances;
        }, _ => { });
        return result;
    }

    /// <summary>The (rank+1)-th smallest value (Hoare's quickselect; reorders the span).</summary>
    static double Select(Span<double> values, int rank)
    {
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            double pivot = values[lo + (hi - lo) / 2];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            if (rank <= j) hi = j;
            else if (rank >= i) lo = i;
            else return values[rank];
        }
        return values[rank];
    }
}
