namespace GenCourse.Models.Density;

/// <summary>
/// A sample of n points in d dimensions as row-major float64 values: the form every density model works on.
/// A tensor [n, d] gives n points in d dimensions, a tensor [n] gives n points on the line.
/// </summary>
internal sealed class Points
{
    public Points(double[] values, int count, int dimension, bool oneDimensional)
    {
        (Values, Count, Dimension, IsVector) = (values, count, dimension, oneDimensional);
    }

    /// <summary>Row-major values: coordinate k of point i is Values[i * Dimension + k].</summary>
    public double[] Values { get; }

    public int Count { get; }

    public int Dimension { get; }

    /// <summary>True when the points came from a 1-D tensor [n] (outputs then keep that shape).</summary>
    public bool IsVector { get; }

    public ReadOnlySpan<double> Row(int i) => Values.AsSpan(i * Dimension, Dimension);

    /// <summary>The points at the given row indices, in that order.</summary>
    public Points Subset(ReadOnlySpan<int> rows)
    {
        var values = new double[rows.Length * Dimension];
        for (int r = 0; r < rows.Length; r++) Row(rows[r]).CopyTo(values.AsSpan(r * Dimension, Dimension));
        return new Points(values, rows.Length, Dimension, IsVector);
    }

    /// <summary>Column k as a new array.</summary>
    public double[] Column(int k)
    {
        var column = new double[Count];
        for (int i = 0; i < Count; i++) column[i] = Values[i * Dimension + k];
        return column;
    }

    /// <summary>
    /// Reads a float tensor [n, d] or [n] with finite values; <paramref name="op"/> and <paramref name="argument"/>
    /// name the caller in error messages.
    /// </summary>
    public static Points From(Tensor x, string op, string argument = "x", int minCount = 1, int? dimension = null)
    {
        ArgumentNullException.ThrowIfNull(x, argument);
        if (x.dim() is not (1 or 2) || !is_floating_point(x))
            throw new ArgumentException(
                $"{op}: {argument} must be a float tensor of shape [n, d] or [n], got shape {Shape.Format(x.shape)} of dtype {x.dtype}", argument);
        int n = (int)x.size(0), d = x.dim() == 1 ? 1 : (int)x.size(1);
        if (n < minCount)
            throw new ArgumentException($"{op}: {argument} needs at least {minCount} points, got n = {n}", argument);
        if (d < 1)
            throw new ArgumentException($"{op}: {argument} must have at least one column, got shape {Shape.Format(x.shape)}", argument);
        if (dimension is int expected && d != expected)
            throw new ArgumentException(
                $"{op}: {argument} has d = {d} dimensions (shape {Shape.Format(x.shape)}) but the model was fitted on d = {expected}", argument);
        var values = x.ToDoubles();
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"{op}: {argument} must be finite, got {values[i]} in row {i / d}", argument);
        return new Points(values, n, d, x.dim() == 1);
    }

    /// <summary>A float64 tensor [n, d], or [n] when <paramref name="asVector"/> and d = 1; takes ownership of the array.</summary>
    public static Tensor ToTensor(double[] values, int n, int d, bool asVector) =>
        torch.tensor(values, asVector && d == 1 ? [n] : [n, d]);

    /// <summary>A float64 tensor [n] that takes ownership of the array.</summary>
    public static Tensor Vector(double[] values) => torch.tensor(values);
}
