using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenCourse.Kernels;

/// <summary>
/// col2im, named after PyTorch's F.fold: the adjoint of im2col (F.unfold, which the GEMMs read in place through
/// <see cref="Im2colColumns{T}"/> and <see cref="Im2colRows{T}"/>). A group's unfolded matrix has a row per
/// (input channel c, kh, kw) and a column per output pixel (oh, ow):
/// col[(c, kh, kw), (oh, ow)] = xPadded[c, oh*strideH + kh*dilationH, ow*strideW + kw*dilationW],
/// where xPadded is x with PadH/PadW zeros around it. So Fold = Crop(Col2im(col)),
/// and every (row, oh) segment is a plain strided copy (contiguous when the stride is 1).
/// </summary>
internal static class ConvUnfold
{
    /// <summary>
    /// The adjoint of unfolding for whole images, restricted to the group's channels [c0, c1): overwrites
    /// those planes of dx with the sum of every col entry copied from each pixel (col row r = ((c - c0)*KH + kh)*KW + kw).
    /// </summary>
    public static void Fold<T>(in Conv2dGeometry g, T[] col, int colOff, int ldCol, T[] dx, int image, int group,
        int c0, int c1) where T : unmanaged, INumberBase<T>
    {
        int channels = c1 - c0, firstPlane = image * g.InChannels + group * g.InChannelsPerGroup + c0;
        var padded = ZeroPadded(g, dx, firstPlane, channels);
        Walk(g, padded, channels, 0, g.OutH * g.OutW, col, colOff, ldCol, new AddToPixels<T>());
        Crop(g, padded, dx, firstPlane, channels);
    }

    /// <summary>Zeroed padded planes to accumulate a gradient into: dx's own planes without padding, else scratch.</summary>
    static PaddedRows<T> ZeroPadded<T>(in Conv2dGeometry g, T[] dx, int firstPlane, int channels) where T : unmanaged
    {
        if (g.PadH == 0 && g.PadW == 0)
        {
            dx.AsSpan(firstPlane * g.H * g.W, channels * g.H * g.W).Clear();
            return new PaddedRows<T>(dx, firstPlane * g.H * g.W, g.W, g.H * g.W, 0);
        }
        int height = g.H + 2 * g.PadH, width = g.W + 2 * g.PadW;
        var padded = ConvScratch<T>.Get(ConvScratch<T>.Slot.Padded, (long)channels * height * width);
        padded.AsSpan(0, channels * height * width).Clear();
        return new PaddedRows<T>(padded, 0, width, height * width, 0);
    }

    /// <summary>Copies the interior of planes from <see cref="ZeroPadded"/> into dx (nothing to do without padding).</summary>
    static void Crop<T>(in Conv2dGeometry g, PaddedRows<T> padded, T[] dx, int firstPlane, int channels)
        where T : unmanaged
    {
        if (padded.Array == dx) return;
        for (int c = 0; c < channels; c++)
            for (int ih = 0; ih < g.H; ih++)
                padded.Array.AsSpan(padded.Offset + c * padded.PlaneStride + (ih + g.PadH) * padded.RowStride + g.PadW, g.W)
                    .CopyTo(dx.AsSpan(((firstPlane + c) * g.H + ih) * g.W, g.W));
    }

    /// <summary>
    /// Visits each (unfolded row, output row oh) segment of pixels [p0, p1) once and applies op to the padded pixels
    /// the segment reads and to its place in col (row r at col[colOff + r*ldCol]; ldCol = 0 makes all rows share one).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Walk<T, TOp>(in Conv2dGeometry g, PaddedRows<T> x, int channels, int p0, int p1,
        T[] col, int colOff, int ldCol, TOp op) where T : unmanaged, INumberBase<T> where TOp : struct, ISegmentOp<T>
    {
        int outW = g.OutW, stride = g.StrideW, firstOh = p0 / outW, lastOh = (p1 - 1) / outW;
        int ohStep = g.StrideH * x.RowStride, rowsSpan = (lastOh - firstOh) * ohStep + (outW - 1) * stride + 1;
        for (int c = 0; c < channels; c++)
            for (int kh = 0; kh < g.KernelH; kh++)
                for (int kw = 0; kw < g.KernelW; kw++)
                {
                    int row = (c * g.KernelH + kh) * g.KernelW + kw;
                    // All padded pixels this row reads, and the row of col; both bounds-checked once.
                    var pixels = x.Array.AsSpan(x.Offset + c * x.PlaneStride
                        + (firstOh * g.StrideH + kh * g.DilationH - x.FirstRow) * x.RowStride + kw * g.DilationW, rowsSpan);
                    var columns = col.AsSpan(colOff + row * ldCol, p1 - p0);
                    ref T pixel = ref MemoryMarshal.GetReference(pixels), column = ref MemoryMarshal.GetReference(columns);
                    for (int oh = firstOh; oh <= lastOh; oh++)
                    {
                        int lo = Math.Max(p0 - oh * outW, 0), length = Math.Min(p1 - oh * outW, outW) - lo;
                        op.Apply(row, ref Unsafe.Add(ref pixel, (oh - firstOh) * ohStep + lo * stride), stride,
                            ref Unsafe.Add(ref column, oh * outW + lo - p0), length);
                    }
                }
    }

    /// <summary>Rows [FirstRow, ...) of padded planes: pixel (c, r, s) is Array[Offset + c*PlaneStride + (r - FirstRow)*RowStride + s].</summary>
    readonly record struct PaddedRows<T>(T[] Array, int Offset, int RowStride, int PlaneStride, int FirstRow);
}
