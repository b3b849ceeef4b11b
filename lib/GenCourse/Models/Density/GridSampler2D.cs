namespace GenCourse.Models.Density;

/// <summary>
/// Samples a 2-D density given on a grid of cells (constant inside each cell) sequentially, as in the lecture:
/// first x from the marginal p(x) = integral p(x, y) dy by inverting its CDF, then y from the conditional
/// p(y | x) of the chosen column by inverting that CDF. Both CDFs are piecewise linear in the cell edges, so
/// each draw is exact for the piecewise-constant density.
/// </summary>
public sealed class GridSampler2D
{
    readonly InverseCdfSampler marginal;
    readonly InverseCdfSampler?[] conditionals;
    readonly double[] xEdges;

    /// <summary>
    /// density[i, j] &gt;= 0 on the cell [xEdges[i], xEdges[i+1]) x [yEdges[j], yEdges[j+1]) (need not be normalised).
    /// </summary>
    public GridSampler2D(Tensor density, double[] xEdges, double[] yEdges)
    {
        ArgumentNullException.ThrowIfNull(density);
        ArgumentNullException.ThrowIfNull(xEdges);
        ArgumentNullException.ThrowIfNull(yEdges);
        if (density.dim() != 2 || density.size(0) != xEdges.Length - 1 || density.size(1) != yEdges.Length - 1)
            throw new ArgumentException(
                $"GridSampler2D: density must have shape [xEdges - 1, yEdges - 1] = [{xEdges.Length - 1}, {yEdges.Length - 1}], got {Shape.Format(density.shape)}", nameof(density));
        int nx = xEdges.Length - 1, ny = yEdges.Length - 1;
        var p = density.ToDoubles();
        if (p.Any(v => !(v >= 0) || double.IsInfinity(v)))
            throw new ArgumentException("GridSampler2D: density must be finite and >= 0 everywhere", nameof(density));
        this.xEdges = (double[])xEdges.Clone();
        // Column masses m_i = sum_j p_ij dx_i dy_j, and within column i the cumulative mass over y.
        var columnMass = new double[nx];
        conditionals = new InverseCdfSampler?[nx];
        for (int i = 0; i < nx; i++)
        {
            var cumulative = new double[ny + 1];
            for (int j = 0; j < ny; j++) cumulative[j + 1] = cumulative[j] + p[i * ny + j] * (yEdges[j + 1] - yEdges[j]);
            columnMass[i] = cumulative[ny] * (xEdges[i + 1] - xEdges[i]);
            if (cumulative[ny] > 0)
                conditionals[i] = InverseCdfSampler.FromTable(yEdges, cumulative.Select(c => c / cumulative[ny]).ToArray());
        }
        double total = columnMass.Sum();
        if (!(total > 0)) throw new ArgumentException("GridSampler2D: the density is zero on every cell", nameof(density));
        var marginalCdf = new double[nx + 1];
        for (int i = 0; i < nx; i++) marginalCdf[i + 1] = marginalCdf[i] + columnMass[i] / total;
        marginalCdf[nx] = 1;
        marginal = InverseCdfSampler.FromTable(xEdges, marginalCdf);
    }

    /// <summary>n points (x, y), float64 [n, 2].</summary>
    public Tensor Sample(int n, Generator? generator = null)
    {
        if (n < 0) throw new ArgumentException($"GridSampler2D.Sample: n must be >= 0, got {n}", nameof(n));
        var gen = new RandomStream(generator);
        var values = new double[2 * n];
        for (int s = 0; s < n; s++)
        {
            double x = marginal.Quantile(gen.NextDouble());
            int column = Math.Clamp(Array.BinarySearch(xEdges, x) is int k && k >= 0 ? k : ~k - 1, 0, xEdges.Length - 2);
            if (conditionals[column] is null) column = NearestNonEmptyColumn(column);   // x exactly on the edge of an empty column
            values[2 * s] = x;
            values[2 * s + 1] = conditionals[column]!.Quantile(gen.NextDouble());
        }
        return torch.tensor(values, [n, 2]);
    }

    int NearestNonEmptyColumn(int column)
    {
        for (int offset = 1; ; offset++)
        {
            if (column - offset >= 0 && conditionals[column - offset] is not null) return column - offset;
            if (column + offset < conditionals.Length && conditionals[column + offset] is not null) return column + offset;
        }
    }
}
