namespace GenCourse;

/// <summary>
/// A tensor's elements as a .NET array in row-major order, whatever its dtype, device or layout: how the kit's
/// plots, metrics and array-level models read tensors of either engine.
/// </summary>
public static class TensorArrays
{
    /// <summary>The elements as doubles (row-major), from any dtype or device; detached from the graph.</summary>
    public static double[] ToDoubles(this Tensor t) => t.detach().cpu().to(torch.float64).contiguous().data<double>().ToArray();

    /// <summary>The elements as longs (row-major), from any dtype or device.</summary>
    public static long[] ToLongs(this Tensor t) => t.detach().cpu().to(torch.int64).contiguous().data<long>().ToArray();
}
