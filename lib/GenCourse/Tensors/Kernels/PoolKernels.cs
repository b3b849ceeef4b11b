using System.Numerics;

namespace GenCourse.Kernels;

/// <summary>
/// 2-D pooling on contiguous NCHW arrays, one (image, channel) plane at a time. Max pooling only finds the argmax
/// (the engine gathers values and gradients with it); average pooling is linear, so its backward is its adjoint.
/// Outputs are overwritten.
/// </summary>
internal static class PoolKernels
{
    /// <summary>
    /// indices[n, c, oh, ow] = ih*W + iw of the window's maximum within its own H*W plane. Padding counts as -inf,
    /// ties keep the first element in row-major window order, and a NaN is taken as the maximum (as PyTorch does).
    /// The maxima are also written to <paramref name="values"/> when given.
    /// </summary>
    public static void MaxPool2dIndices(in Pool2dGeometry g, float[] x, int[] indices, float[]? values = null) =>
        MaxPool2dCore(g, x, indices, values);

    /// <inheritdoc cref="MaxPool2dIndices(in Pool2dGeometry, float[], int[], float[])"/>
    public static void MaxPool2dIndices(in Pool2dGeometry g, double[] x, int[] indices, double[]? values = null) =>
        MaxPool2dCore(g, x, indices, values);

    /// <summary>
    /// y = mean of each window; the divisor is the window's size within the padded input when <paramref name="countIncludePad"/>,
    /// else the number of window elements inside the input (or the geometry's DivisorOverride).
    /// </summary>
    public static void AvgPool2dForward(in Pool2dGeometry g, bool countIncludePad, float[] x, float[] y) =>
        AvgPool2dCore(g, countIncludePad, x, y, adjoint: false);

    /// <inheritdoc cref="AvgPool2dForward(in Pool2dGeometry, bool, float[], float[])"/>
    public static void AvgPool2dForward(in Pool2dGeometry g, bool countIncludePad, double[] x, double[] y) =>
        AvgPool2dCore(g, countIncludePad, x, y, adjoint: false);

    /// <summary>dx = adjoint of <see cref="AvgPool2dForward(in Pool2dGeometry, bool, float[], float[])"/> applied to dy:
    /// each dy[o] / divisor(o) is added to every input element of window o.</summary>
    public static void AvgPool2dAdjoint(in Pool2dGeometry g, bool countIncludePad, float[] dy, float[] dx) =>
        AvgPool2dCore(g, countIncludePad, dx, dy, adjoint: true);

    /// <inheritdoc cref="AvgPool2dAdjoint(in Pool2dGeometry, bool, float[], float[])"/>
    public static void AvgPool2dAdjoint(in Pool2dGeometry g, bool countIncludePad, double[] dy, double[] dx) =>
        AvgPool2dCore(g, countIncludePad, dx, dy, adjoint: true);

    /// <summary>y = mean over each adaptive window (see <see cref="AdaptivePool2dGeometry"/>).</summary>
    public static void AdaptiveAvgPool2dForward(in AdaptivePool2dGeometry g, float[] x, float[] y) =>
        AdaptiveAvgPool2dCore(g, x, y, adjoint: false);

    /// <inheritdoc cref="AdaptiveAvgPool2dForward(in AdaptivePool2dGeometry, float[], float[])"/>
    public static void AdaptiveAvgPool2dForward(in AdaptivePool2dGeometry g, double[] x, double[] y) =>
        AdaptiveAvgPool2dCore(g, x, y, adjoint: false);

    /// <summary>dx = adjoint of <see cref="AdaptiveAvgPool2dForward(in AdaptivePool2dGeometry, float[], float[])"/> applied to dy.</summary>
    public static void AdaptiveAvgPool2dAdjoint(in AdaptivePool2dGeometry g, float[] dy, float[] dx) =>
        AdaptiveAvgPool2dCore(g, dx, dy, adjoint: true);

    /// <inheritdoc cref="AdaptiveAvgPool2dAdjoint(in AdaptivePool2dGeometry, float[], float[])"/>
    public static void AdaptiveAvgPool2dAdjoint(in AdaptivePool2dGeometry g, double[] dy, double[] dx) =>
        AdaptiveAvgPool2dCore(g, dx, dy, adjoint: true);

    /// <summary>Below this many window elements a pooling runs on the calling thread.</summary>
    const long ParallelThreshold = 1 << 16;

    static void MaxPool2dCore<T>(Pool2dGeometry g, T[] x, int[] indices, T[]? values) where T : IFloatingPointIeee754<T>
    {
        const string op = "max_pool2d";
        g.Validate(op);
        Conv2dGeometry.RequireLength(op, nameof(x), x.Length, g.InputLength, "N*C*H*W");
        Conv2dGeometry.RequireLength(op, nameof(indices), indices.Length, g.OutputLength, "N*C*OH*OW");
        if (values is not null) Conv2dGeometry.RequireLength(op, nameof(values), values.Length, g.OutputLength, "N*C*OH*OW");
        ForEachPlane(g.Planes, g.OutputLength * g.KernelH * g.KernelW, plane =>
        {
            int input = plane * g.H * g.W, output = plane * g.OutH * g.OutW;
            for (int oh = 0; oh < g.OutH; oh++)
            {
                var (ih0, ih1) = g.RowWindow(oh);
                for (int ow = 0; ow < g.OutW; ow++)
                {
                    var (iw0, iw1) = g.ColumnWindow(ow);
                    int best = ih0 * g.W + iw0;
                    T max = T.NegativeInfinity;
                    for (int ih = ih0; ih < ih1; ih += g.DilationH)
                        for (int iw = iw0; iw < iw1; iw += g.DilationW)
                        {
                            T v = x[input + ih * g.W + iw];
                            if (v > max || T.IsNaN(v)) (max, best) = (v, ih * g.W + iw);
                        }
                    int o = output + oh * g.OutW + ow;
                    indices[o] = best;
                    if (values is not null) values[o] = x[input + best];
                }
            }
        });
    }

    /// <summary>Forward (y = pool(x)) or adjoint (x = pool^T(y)); both walk the same windows.</summary>
    static void AvgPool2dCore<T>(Pool2dGeometry g, bool countIncludePad, T[] x, T[] y, bool adjoint)
        where T : IFloatingPointIeee754<T>
    {
        const string op = "avg_pool2d";
        g.Validate(op);
        if (g.DilationH != 1 || g.DilationW != 1)
            throw new ArgumentException($"{op}: has no dilation, got {g.DilationH}x{g.DilationW}");
        Conv2dGeometry.RequireLength(op, adjoint ? "dx" : nameof(x), x.Length, g.InputLength, "N*C*H*W");
        Conv2dGeometry.RequireLength(op, adjoint ? "dy" : nameof(y), y.Length, g.OutputLength, "N*C*OH*OW");
        ForEachPlane(g.Planes, g.OutputLength * g.KernelH * g.KernelW, plane =>
        {
            int input = plane * g.H * g.W, output = plane * g.OutH * g.OutW;
            if (adjoint) x.AsSpan(input, g.H * g.W).Clear();
            for (int oh = 0; oh < g.OutH; oh++)
            {
                var (ih0, ih1) = g.RowWindow(oh);
                for (int ow = 0; ow < g.OutW; ow++)
                {
                    var (iw0, iw1) = g.ColumnWindow(ow);
                    int count = g.DivisorOverride > 0 ? g.DivisorOverride : countIncludePad ? g.PaddedWindowSize(oh, ow) : (ih1 - ih0) * (iw1 - iw0);
                    WindowMean(x, input, g.W, ih0, ih1, iw0, iw1, ref y[output + oh * g.OutW + ow], T.CreateChecked(count), adjoint);
                }
            }
        });
    }

    static void AdaptiveAvgPool2dCore<T>(AdaptivePool2dGeometry g, T[] x, T[] y, bool adjoint)
        where T : IFloatingPointIeee754<T>
    {
        const string op = "adaptive_avg_pool2d";
        g.Validate();
        Conv2dGeometry.RequireLength(op, adjoint ? "dx" : nameof(x), x.Length, g.InputLength, "N*C*H*W");
        Conv2dGeometry.RequireLength(op, adjoint ? "dy" : nameof(y), y.Length, g.OutputLength, "N*C*OH*OW");
        ForEachPlane(g.Planes, g.InputLength + g.OutputLength, plane =>
        {
            int input = plane * g.H * g.W, output = plane * g.OutH * g.OutW;
            if (adjoint) x.AsSpan(input, g.H * g.W).Clear();
            for (int oh = 0; oh < g.OutH; oh++)
            {
                var (ih0, ih1) = g.RowWindow(oh);
                for (int ow = 0; ow < g.OutW; ow++)
                {
                    var (iw0, iw1) = g.ColumnWindow(ow);
                    WindowMean(x, input, g.W, ih0, ih1, iw0, iw1, ref y[output + oh * g.OutW + ow],
                        T.CreateChecked((ih1 - ih0) * (iw1 - iw0)), adjoint);
                }
            }
        });
    }

    /// <summary>mean = sum of the window / count, or its adjoint: every window element += mean / count.</summary>
    static void WindowMean<T>(T[] x, int plane, int width, int ih0, int ih1, int iw0, int iw1, ref T mean, T count, bool adjoint)
        where T : IFloatingPointIeee754<T>
    {
        if (adjoint)
        {
            T share = mean / count;
            for (int ih = ih0; ih < ih1; ih++)
                for (int iw = iw0; iw < iw1; iw++) x[plane + ih * width + iw] += share;
            return;
        }
        T sum = T.Zero;
        for (int ih = ih0; ih < ih1; ih++)
            for (int iw = iw0; iw < iw1; iw++) sum += x[plane + ih * width + iw];
        mean = sum / count;
    }

    static void ForEachPlane(int planes, long work, Action<int> plane)
    {
        if (planes > 1 && work >= ParallelThreshold) Parallel.For(0, planes, plane);
        else for (int p = 0; p < planes; p++) plane(p);
    }
}
