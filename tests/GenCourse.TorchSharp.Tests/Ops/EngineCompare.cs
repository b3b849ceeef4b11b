extern alias Embedded;

using ETensor = Embedded::GenCourse.Tensor;
using TTensor = TorchSharp.torch.Tensor;
using T = TorchSharp.torch;

namespace CrossEngine.Tests.Ops;

/// <summary>Compares an embedded-engine tensor with a TorchSharp one, element by element, and describes the worst element.</summary>
public static class EngineCompare
{
    public static double[] Values(ETensor t) => t.detach().to(Embedded::GenCourse.ScalarType.Float64).contiguous().data<double>().ToArray();

    // TorchSharp's TensorAccessor.ToArray throws on an empty tensor, so those are read as no values; and on libtorch's
    // storage-less zero tensors (a second-order gradient that is identically 0), which clone() materialises.
    public static double[] Values(TTensor t) => t.numel() == 0 ? [] : t.detach().cpu().to(T.ScalarType.Float64).clone().data<double>().ToArray();

    /// <summary>
    /// Null when the tensors agree, else what differs. NaN must meet NaN and an infinity the same infinity; finite
    /// elements agree when |a - b| &lt;= rtol (|b| + m) with m the median magnitude of the reference's finite elements,
    /// so that an element that cancels to near zero is judged on the tensor's scale (its rounding error comes from
    /// terms of that size), while elements of ordinary size are judged relative to themselves. An absolute floor of
    /// rtol * <paramref name="floor"/> covers exact zeros that the other engine reaches by cancellation (a softmax
    /// gradient over a size-1 dim): ops that mix elements cancel terms of size ~1 (floor 0.1); pointwise ops have
    /// gradients such as 1 - tanh(x)^2, whose rounding error is absolute, ~eps (floor 0.01).
    /// </summary>
    /// <remarks>
    /// With <paramref name="roundedReference"/> (libtorch's float64 result rounded to float32), an infinity there meets
    /// any non-finite value, and a reference within a factor 100 of float32's largest meets an infinity: near and beyond
    /// float32's range, the order of float32 arithmetic (partial sums) decides between a value, inf and NaN.
    /// </remarks>
    public static string? Mismatch(ETensor embedded, TTensor torch, double rtol, double floor, bool roundedReference = false, double[]? scale = null) =>
        Compare(embedded, torch, rtol, floor, roundedReference, scale).message;

    /// <summary>As <see cref="Mismatch(ETensor, TTensor, double, double, bool, double[])"/>, with the flat index of the worst element (-1 when they agree).</summary>
    /// <remarks>
    /// A pointwise op's values pass their own <paramref name="scale"/>: the magnitudes of the inputs at each element,
    /// in place of the median. A pointwise f computed to a few ulp is off by ~eps |x f'(x)|, which is within eps |x|
    /// for the functions here near their roots (tanh, sin, log near 1, lgamma near 1 and 2), while a result that
    /// loses its digits near 0 (tanh(1e-10) = -6e-8) is caught.
    /// </remarks>
    public static (string? message, int worst) Compare(ETensor embedded, TTensor torch, double rtol, double floor, bool roundedReference = false, double[]? scale = null)
    {
        if (!embedded.shape.SequenceEqual(torch.shape))
            return ($"shapes differ: embedded {RandomInputs.Format(embedded.shape)}, TorchSharp {RandomInputs.Format(torch.shape)}", -1);
        return Compare(Values(embedded), Values(torch), embedded.shape, rtol, floor, roundedReference, scale);
    }

    public static (string? message, int worst) Compare(double[] a, double[] b, long[] shape, double rtol, double floor, bool roundedReference = false, double[]? scale = null)
    {
        var finite = b.Where(double.IsFinite).Select(Math.Abs).Order().ToArray();
        double median = scale is not null || finite.Length == 0 ? 0 : finite[finite.Length / 2];
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double excess;
            if (double.IsNaN(a[i]) || double.IsNaN(b[i]) || double.IsInfinity(a[i]) || double.IsInfinity(b[i]))
                excess = a[i].Equals(b[i]) || (roundedReference && BeyondFloat32(b[i]) && !double.IsFinite(a[i])) ? 0 : double.PositiveInfinity;
            else
                excess = Math.Abs(a[i] - b[i]) - rtol * (Math.Abs(b[i]) + median + (scale is null ? floor : scale[i]));
            if (excess > worstExcess) (worst, worstExcess) = (i, excess);
        }
        if (worst < 0) return (null, -1);
        return ($"element {worst} {Index(worst, shape)} is {a[worst]:R} on the embedded engine and {b[worst]:R} on TorchSharp " +
            $"(|difference| {Math.Abs(a[worst] - b[worst]):G3}, rtol {rtol:G2}, median magnitude {median:G3})", worst);
    }

    static bool BeyondFloat32(double x) => Math.Abs(x) >= float.MaxValue / 100;

    /// <summary>The multi-index of flat element <paramref name="flat"/> of a contiguous tensor of <paramref name="shape"/>.</summary>
    public static string Index(long flat, long[] shape)
    {
        var index = new long[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] == 0) break;
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return "[" + string.Join(", ", index) + "]";
    }
}
