using System.Numerics;
using System.Numerics.Tensors;

namespace GenCourse.Kernels;

/// <summary>
/// im2col and its adjoint col2im, named after PyTorch's F.unfold and F.fold. A group's unfolded matrix has a row per
/// (input channel c, kh, kw) and a column per output pixel (oh, ow):
/// col[(c, kh, kw), (oh, ow)] = x[c, oh*strideH - padH + kh*dilationH, ow*strideW - padW + kw*dilationW], 0 in the padding.
/// </summary>
internal static class ConvUnfold
{
    /// <summary>
    /// Writes the unfolded rows of the group's channels [c0, c1) and the columns of pixels [p0, p1) of one image:
    /// pixel p of row r goes to col[colOff + r*ldCol + p - p0].
    /// </summary>
    public static void Unfold<T>(in Conv2dGeometry g, T[] x, int image, int group, int c0, int c1, int p0, int p1,
        T[] col, int colOff, int ldCol) where T : unmanaged, INumberBase<T> =>
        Walk(g, x, image, group, c0, c1, p0, p1, col, colOff, ldCol, fold: false);

    /// <summary>The adjoint of <see cref="Unfold"/>: adds every entry of col onto the input pixel it was copied from.</summary>
    public static void Fold<T>(in Conv2dGeometry g, T[] col, int colOff, int ldCol, T[] x, int image, int group,
        int c0, int c1, int p0, int p1) where T : unmanaged, INumberBase<T> =>
        Walk(g, x, image, group, c0, c1, p0, p1, col, colOff, ldCol, fold: true);

    /// <summary>Visits each (row, output row oh) segment once; stride-1 segments are contiguous in both arrays.</summary>
    static void Walk<T>(in Conv2dGeometry g, T[] x, int image, int group, int c0, int c1, int p0, int p1,
        T[] col, int colOff, int ldCol, bool fold) where T : unmanaged, INumberBase<T>
    {
        int outW = g.OutW, stride = g.StrideW, planeSize = g.H * g.W;
        int firstOh = p0 / outW, lastOh = (p1 - 1) / outW;
        for (int c = c0; c < c1; c++)
        {
            int plane = (image * g.InChannels + group * g.InChannelsPerGroup + c) * planeSize;
            for (int kh = 0; kh < g.KernelH; kh++)
                for (int kw = 0; kw < g.KernelW; kw++)
                {
                    int row = ((c - c0) * g.KernelH + kh) * g.KernelW + kw;
                    int rowStart = colOff + row * ldCol - p0;        // col index of pixel p is rowStart + p
                    int hOffset = kh * g.DilationH - g.PadH, wOffset = kw * g.DilationW - g.PadW;
                    // ow whose input column iw = ow*stride + wOffset lies inside [0, W)
                    int validLo = wOffset >= 0 ? 0 : (-wOffset + stride - 1) / stride;
                    int validHi = wOffset >= g.W ? 0 : Math.Min(outW, (g.W - 1 - wOffset) / stride + 1);
                    for (int oh = firstOh; oh <= lastOh; oh++)
                    {
                        int dst = rowStart + oh * outW;              // col index of (oh, ow = 0)
                        int lo = Math.Max(p0 - oh * outW, 0), hi = Math.Min(p1 - oh * outW, outW);
                        int ih = oh * g.StrideH + hOffset;
                        int from = Math.Clamp(validLo, lo, hi), to = Math.Clamp(validHi, from, hi);
                        if ((uint)ih >= (uint)g.H) from = to = hi;
                        if (!fold)
                        {
                            col.AsSpan(dst + lo, from - lo).Clear();
                            col.AsSpan(dst + to, hi - to).Clear();
                        }
                        if (to > from)
                            Segment(x, plane + ih * g.W + from * stride + wOffset, stride, col, dst + from, to - from, fold);
                    }
                }
        }
    }

    /// <summary>col[dst..dst+length) = x[src], x[src+stride], ... (unfold), or x[...] += col[...] (fold).</summary>
    static void Segment<T>(T[] x, int src, int stride, T[] col, int dst, int length, bool fold)
        where T : unmanaged, INumberBase<T>
    {
        if (stride == 1)
        {
            if (fold) TensorPrimitives.Add(x.AsSpan(src, length), col.AsSpan(dst, length), x.AsSpan(src, length));
            else x.AsSpan(src, length).CopyTo(col.AsSpan(dst, length));
        }
        else if (fold)
            for (int j = 0; j < length; j++) x[src + j * stride] += col[dst + j];
        else
            for (int j = 0; j < length; j++) col[dst + j] = x[src + j * stride];
    }
}
