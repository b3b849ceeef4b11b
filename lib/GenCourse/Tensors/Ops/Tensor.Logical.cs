namespace GenCourse;

// Logical ops, bool reductions and value tests. They take any dtype (non-zero is true) and give bool tensors without
// gradients, as in PyTorch; the bitwise forms and the operators & | ^ ~ take bool tensors only.
public partial class Tensor
{
    Tensor AsBool() => Cast(ScalarType.Bool);

    public Tensor logical_and(Tensor other) => Elementwise.Zip(AsBool(), other.AsBool(), Kernels.BinaryOp.Mul, "logical_and");

    public Tensor logical_or(Tensor other) => Elementwise.Zip(AsBool(), other.AsBool(), Kernels.BinaryOp.Add, "logical_or");

    public Tensor logical_xor(Tensor other) => Elementwise.Zip(AsBool(), other.AsBool(), Kernels.BinaryOp.Ne, "logical_xor");

    public Tensor logical_not() => Elementwise.ZipScalar(AsBool(), 0, Kernels.BinaryOp.Eq, false);

    Tensor Bitwise(string op)
    {
        if (dtype != ScalarType.Bool)
            throw new ArgumentException($"{op}: the embedded engine has bitwise ops on torch.bool tensors only, got {dtype.TorchName()} (for masks, compare first: x > 0)");
        return this;
    }

    public Tensor bitwise_and(Tensor other) => Bitwise("bitwise_and").logical_and(other.Bitwise("bitwise_and"));

    public Tensor bitwise_or(Tensor other) => Bitwise("bitwise_or").logical_or(other.Bitwise("bitwise_or"));

    public Tensor bitwise_xor(Tensor other) => Bitwise("bitwise_xor").logical_xor(other.Bitwise("bitwise_xor"));

    public Tensor bitwise_not() => Bitwise("bitwise_not").logical_not();

    public static Tensor operator &(Tensor a, Tensor b) => a.bitwise_and(b);
    public static Tensor operator |(Tensor a, Tensor b) => a.bitwise_or(b);
    public static Tensor operator ^(Tensor a, Tensor b) => a.bitwise_xor(b);
    public static Tensor operator ~(Tensor a) => a.bitwise_not();

    /// <summary>Whether any element is non-zero (false for an empty tensor): a 0-d bool tensor.</summary>
    public Tensor any() => AsBool().sum().gt(0);

    public Tensor any(long dim, bool keepdim = false) => AsBool().sum([dim], keepdim).gt(0);

    /// <summary>Whether every element is non-zero (true for an empty tensor): a 0-d bool tensor.</summary>
    public Tensor all() => logical_not().sum().eq(0);

    public Tensor all(long dim, bool keepdim = false) => logical_not().sum([dim], keepdim).eq(0);

    public Tensor isnan() => ne(this);

    /// <summary>True where the value is +inf or -inf (never for int64 and bool tensors).</summary>
    public Tensor isinf() => dtype.IsFloatingPoint() ? abs().eq(double.PositiveInfinity) : torch.zeros(shape, dtype: ScalarType.Bool);

    /// <summary>True where the value is neither NaN nor infinite (always for int64 and bool tensors).</summary>
    public Tensor isfinite() => dtype.IsFloatingPoint() ? (this - this).eq(0) : torch.ones(shape, dtype: ScalarType.Bool);

    /// <summary>
    /// |this - other| &lt;= atol + rtol |other| elementwise, for a finite difference (PyTorch's definition: equal infinities
    /// are close, an infinity and a finite value are not; NaNs only with <paramref name="nanEqual"/>).
    /// </summary>
    public Tensor isclose(Tensor other, double rtol = 1e-05, double atol = 1e-08, bool nanEqual = false)
    {
        var error = (this - other).abs();
        var close = eq(other).logical_or(error.isfinite().logical_and(error.le(other.abs() * rtol + atol)));
        return nanEqual ? close.logical_or(isnan().logical_and(other.isnan())) : close;
    }
}
