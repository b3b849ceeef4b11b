using GenCourse.Kernels;

namespace GenCourse;

/// <summary>
/// conv2d as three differentiable ops that are each other's derivatives: Forward(x, w), InputGrad(dy, w)
/// (= conv_transpose2d) and WeightGrad(x, dy). Because the set is closed under differentiation,
/// convolutions have second derivatives (gradient penalties through conv nets).
/// </summary>
internal static class Convolution
{
    /// <summary>The tensor's elements as an array of exactly numel entries starting at 0 (copied if needed).</summary>
    public static Tensor Dense(Tensor t)
    {
        var c = t.ContiguousData();
        return c.offset == 0 && c.storage.Length == c.Count ? c : Elementwise.Convert(c, c.dtype);
    }

    public static Tensor Forward(Tensor x, Tensor w, Conv2dGeometry g)
    {
        var (xd, wd) = (Dense(x), Dense(w));
        var y = Tensor.Empty(x.dtype, [g.N, g.OutChannels, g.OutH, g.OutW]);
        if (x.dtype == ScalarType.Float32) ConvKernels.Forward(g, xd.Data<float>(), wd.Data<float>(), y.Data<float>());
        else ConvKernels.Forward(g, xd.Data<double>(), wd.Data<double>(), y.Data<double>());
        return Engine.Record(y, "ConvolutionBackward", [x, w],
            gy => [x.requires_grad ? InputGrad(gy, w, g) : null, w.requires_grad ? WeightGrad(x, gy, g) : null], x, w);
    }

    public static Tensor InputGrad(Tensor dy, Tensor w, Conv2dGeometry g)
    {
        var (dyd, wd) = (Dense(dy), Dense(w));
        var dx = Tensor.Empty(dy.dtype, [g.N, g.InChannels, g.H, g.W]);
        if (dy.dtype == ScalarType.Float32) ConvKernels.InputGrad(g, dyd.Data<float>(), wd.Data<float>(), dx.Data<float>());
        else ConvKernels.InputGrad(g, dyd.Data<double>(), wd.Data<double>(), dx.Data<double>());
        return Engine.Record(dx, "ConvolutionInputGradBackward", [dy, w],
            gg => [dy.requires_grad ? Forward(gg, w, g) : null, w.requires_grad ? WeightGrad(gg, dy, g) : null], dy, w);
    }

    public static Tensor WeightGrad(Tensor x, Tensor dy, Conv2dGeometry g)
    {
        var (xd, dyd) = (Dense(x), Dense(dy));
        var dw = Tensor.Empty(x.dtype, [g.OutChannels, g.InChannelsPerGroup, g.KernelH, g.KernelW]);
        if (x.dtype == ScalarType.Float32) ConvKernels.WeightGrad(g, xd.Data<float>(), dyd.Data<float>(), dw.Data<float>());
        else ConvKernels.WeightGrad(g, xd.Data<double>(), dyd.Data<double>(), dw.Data<double>());
        return Engine.Record(dw, "ConvolutionWeightGradBackward", [x, dy],
            gg => [x.requires_grad ? InputGrad(dy, gg, g) : null, dy.requires_grad ? Forward(x, gg, g) : null], x, dy);
    }
}
