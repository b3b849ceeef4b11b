namespace GenCourse.Benchmarks.Steps;

/// <summary>torch.mm (torch.bmm for a batch) of random matrices: C[m, n] = op(A) @ op(B).</summary>
public static class MatrixMultiply
{
    /// <summary>
    /// The product to time. <paramref name="layout"/> "NN", "TN" (A stored k x m, used as its transposed view) or "NT"
    /// (B stored n x k), as backward uses them; <paramref name="batch"/> &gt; 1 multiplies that many pairs with bmm.
    /// </summary>
    public static Action Prepare(int m, int n, int k, string layout, int batch, bool float64)
    {
        var dtype = float64 ? ScalarType.Float64 : ScalarType.Float32;
        var generator = new Generator(1);
        Tensor Operand(long rows, long columns, bool storedTransposed)
        {
            long[] stored = storedTransposed ? [columns, rows] : [rows, columns];
            var t = randn(batch > 1 ? [batch, .. stored] : stored, dtype, generator: generator);
            return storedTransposed ? t.transpose(-2, -1) : t;
        }
        var a = Operand(m, k, layout[0] == 'T');
        var b = Operand(k, n, layout[1] == 'T');
        return () =>
        {
            using var scope = NewDisposeScope();
            _ = batch > 1 ? bmm(a, b) : mm(a, b);
        };
    }
}
