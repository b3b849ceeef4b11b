using System.Numerics;
using System.Numerics.Tensors;

namespace GenCourse.Kernels;

/// <summary>
/// Direct stride-1 convolution for groups with one input channel and few output channels (depthwise convs).
/// Output rows are computed Wp = W + 2*PadW wide, so that in a padded plane P (Hp x Wp, flattened) every kernel tap
/// (kh, kw) is one long shifted vector: wide[j] = sum over taps of w[kh, kw] * P[kh*dilH*Wp + kw*dilW + j],
/// j &lt; OH*Wp, and y keeps the first OW of each Wp entries. A GEMM with an inner dimension of KH*KW and one or
/// two rows would spend its time packing instead.
/// </summary>
internal static class ConvDepthwise
{
    /// <summary>
    /// Output channels per group up to which the direct loops beat im2col + GEMM (measured on N64 C64 14x14 3x3:
    /// 2-4x faster for 1 to 4, and the GEMM's forward wins from 8).
    /// </summary>
    const int MaxOutChannelsPerGroup = 4;

    public static bool Applies(in Conv2dGeometry g) =>
        g.InChannelsPerGroup == 1 && g.OutChannelsPerGroup <= MaxOutChannelsPerGroup && g.StrideH == 1 && g.StrideW == 1;

    /// <summary>y[n, co] = sum over taps of w[co, 0, kh, kw] * shifted padded x[n, group], for the group's co.</summary>
    public static void Forward<T>(in Conv2dGeometry g, int image, int group, T[] x, T[] w, T[] y)
        where T : unmanaged, INumberBase<T>
    {
        var padded = PaddedPlane(g, x, image * g.InChannels + group);
        var wide = ConvScratch<T>.Get(ConvScratch<T>.Slot.Product, WideLength(g)).AsSpan(0, WideLength(g));
        for (int co = group * g.OutChannelsPerGroup; co < (group + 1) * g.OutChannelsPerGroup; co++)
        {
            wide.Clear();
            for (int tap = 0; tap < g.KernelH * g.KernelW; tap++)
                TensorPrimitives.MultiplyAdd(padded.Slice(Shift(g, tap), wide.Length), w[co * g.KernelH * g.KernelW + tap], wide, wide);
            for (int oh = 0; oh < g.OutH; oh++)
                wide.Slice(oh * PaddedWidth(g), g.OutW).CopyTo(y.AsSpan(((image * g.OutChannels + co) * g.OutH + oh) * g.OutW, g.OutW));
        }
    }

    /// <summary>dx[n, group] = sum over the group's co and taps of w[co, 0, kh, kw] * dy[n, co] shifted back.</summary>
    public static void InputGrad<T>(in Conv2dGeometry g, int image, int group, T[] dy, T[] w, T[] dx)
        where T : unmanaged, INumberBase<T>
    {
        int width = PaddedWidth(g), plane = image * g.InChannels + group;
        var padded = ConvScratch<T>.Get(ConvScratch<T>.Slot.Padded, PaddedLength(g)).AsSpan(0, PaddedLength(g));
        padded.Clear();
        var wide = ConvScratch<T>.Get(ConvScratch<T>.Slot.Product, WideLength(g)).AsSpan(0, WideLength(g));
        for (int co = group * g.OutChannelsPerGroup; co < (group + 1) * g.OutChannelsPerGroup; co++)
        {
            Widen(g, dy, (image * g.OutChannels + co) * g.OutH * g.OutW, wide);
            for (int tap = 0; tap < g.KernelH * g.KernelW; tap++)
            {
                var shifted = padded.Slice(Shift(g, tap), wide.Length);
                TensorPrimitives.MultiplyAdd(wide, w[co * g.KernelH * g.KernelW + tap], shifted, shifted);
            }
        }
        for (int ih = 0; ih < g.H; ih++)
            padded.Slice((ih + g.PadH) * width + g.PadW, g.W).CopyTo(dx.AsSpan((plane * g.H + ih) * g.W, g.W));
    }

    /// <summary>dw[co, 0, kh, kw] = sum over images of &lt;dy[n, co], shifted padded x[n, group]&gt;, for the group's co.</summary>
    public static void WeightGrad<T>(in Conv2dGeometry g, int group, T[] x, T[] dy, T[] dw)
        where T : unmanaged, INumberBase<T>
    {
        int area = g.KernelH * g.KernelW;
        var wide = ConvScratch<T>.Get(ConvScratch<T>.Slot.Product, WideLength(g)).AsSpan(0, WideLength(g));
        dw.AsSpan(group * g.OutChannelsPerGroup * area, g.OutChannelsPerGroup * area).Clear();
        for (int image = 0; image < g.N; image++)
        {
            var padded = PaddedPlane(g, x, image * g.InChannels + group);
            for (int co = group * g.OutChannelsPerGroup; co < (group + 1) * g.OutChannelsPerGroup; co++)
            {
                Widen(g, dy, (image * g.OutChannels + co) * g.OutH * g.OutW, wide);
                for (int tap = 0; tap < area; tap++)
                    dw[co * area + tap] += TensorPrimitives.Dot(padded.Slice(Shift(g, tap), wide.Length), wide);
            }
        }
    }

    static int PaddedWidth(in Conv2dGeometry g) => g.W + 2 * g.PadW;

    /// <summary>Hp*Wp, plus room for the shifted reads of the last row's unused columns.</summary>
    static int PaddedLength(in Conv2dGeometry g) => (g.H + 2 * g.PadH) * PaddedWidth(g) + (g.KernelW - 1) * g.DilationW;

    static int WideLength(in Conv2dGeometry g) => g.OutH * PaddedWidth(g);

    static int Shift(in Conv2dGeometry g, int tap) =>
        tap / g.KernelW * g.DilationH * PaddedWidth(g) + tap % g.KernelW * g.DilationW;

    /// <summary>x's plane with zeros around it (and after it), in scratch.</summary>
    static Span<T> PaddedPlane<T>(in Conv2dGeometry g, T[] x, int plane) where T : unmanaged
    {
        int width = PaddedWidth(g);
        var padded = ConvScratch<T>.Get(ConvScratch<T>.Slot.Padded, PaddedLength(g)).AsSpan(0, PaddedLength(g));
        padded.Clear();
        for (int ih = 0; ih < g.H; ih++)
            x.AsSpan((plane * g.H + ih) * g.W, g.W).CopyTo(padded[((ih + g.PadH) * width + g.PadW)..]);
        return padded;
    }

    /// <summary>An output plane spread to Wp-wide rows, zeros in the extra columns.</summary>
    static void Widen<T>(in Conv2dGeometry g, T[] dy, int offset, Span<T> wide) where T : unmanaged
    {
        wide.Clear();
        for (int oh = 0; oh < g.OutH; oh++)
            dy.AsSpan(offset + oh * g.OutW, g.OutW).CopyTo(wide[(oh * PaddedWidth(g))..]);
    }
}
