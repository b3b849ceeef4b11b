using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenCourse.Kernels;

/// <summary>
/// A copy of x with its zero padding materialised, plus <see cref="Slack"/> zeros before and after, so that
/// <see cref="Im2colColumns{T}"/> can read any unfolded element, and whole vectors around it, without bounds tests.
/// Element (image, channel, padded row r, padded column s) is at Array[Origin + image*ImageStride + channel*PlaneStride + r*RowStride + s].
/// </summary>
internal readonly record struct PaddedInput<T>(T[] Array, int Origin, int ImageStride, int PlaneStride, int RowStride)
    where T : unmanaged
{
    /// <summary>Zeros on each side: covers a vector's reach on either side of a run plus the panel tail.</summary>
    public const int Slack = 64;

    /// <summary>Builds the padded copy in the calling thread's scratch, one image per task when <paramref name="parallel"/>.</summary>
    public static PaddedInput<T> Create(in Conv2dGeometry g, T[] x, bool parallel)
    {
        int rowStride = g.W + 2 * g.PadW, planeStride = (g.H + 2 * g.PadH) * rowStride, imageStride = g.InChannels * planeStride;
        long length = 2L * Slack + (long)g.N * imageStride;
        if (length > int.MaxValue)
            throw new ArgumentException($"conv2d: the padded input ({length} elements) is larger than {int.MaxValue} elements");
        var array = ConvScratch<T>.Get(ConvScratch<T>.Slot.Source, length);
        var padded = new PaddedInput<T>(array, Slack, imageStride, planeStride, rowStride);
        array.AsSpan(0, Slack).Clear();
        array.AsSpan(Slack + g.N * imageStride, Slack).Clear();
        var geometry = g;
        if (parallel && g.N > 1) Parallel.For(0, g.N, image => padded.CopyImage(geometry, x, image));
        else for (int image = 0; image < g.N; image++) padded.CopyImage(g, x, image);
        return padded;
    }

    void CopyImage(in Conv2dGeometry g, T[] x, int image)
    {
        int padW = g.PadW, w = g.W;
        var target = Array.AsSpan(Origin + image * ImageStride, ImageStride);
        if (g.PadH == 0 && padW == 0)
        {
            x.AsSpan(image * g.InChannels * g.H * w, ImageStride).CopyTo(target);
            return;
        }
        for (int c = 0; c < g.InChannels; c++)
        {
            var plane = target.Slice(c * PlaneStride, PlaneStride);
            plane[..(g.PadH * RowStride)].Clear();
            plane[((g.PadH + g.H) * RowStride)..].Clear();
            for (int ih = 0; ih < g.H; ih++)
            {
                var row = plane.Slice((g.PadH + ih) * RowStride, RowStride);
                row[..padW].Clear();
                x.AsSpan(((image * g.InChannels + c) * g.H + ih) * w, w).CopyTo(row[padW..]);
                row[(padW + w)..].Clear();
            }
        }
    }
}

/// <summary>
/// Where a group's im2col entries lie in a <see cref="PaddedInput{T}"/>: entry (unfolded row r, output pixel j) is
/// Data[Origin + RowOffsets[r] + base(j)], pixels counted over images side by side from image firstImage.
/// Shared by <see cref="Im2colColumns{T}"/> and <see cref="Im2colRows{T}"/>.
/// </summary>
internal readonly unsafe struct Im2colLayout<T> where T : unmanaged
{
    public readonly T[] Data;
    public readonly int Origin, ColStep;
    /// <summary>Offset of each unfolded row (channel, kh, kw) from its pixel's top-left tap.</summary>
    public readonly int[] RowOffsets;
    readonly int pixels, outW, outH, imageStride, rowStep;

    public Im2colLayout(in Conv2dGeometry g, PaddedInput<T> input, int group, int[] rowOffsets, int firstImage)
    {
        Data = input.Array;
        Origin = input.Origin + firstImage * input.ImageStride + group * g.InChannelsPerGroup * input.PlaneStride;
        (pixels, outW, outH, imageStride) = (g.OutH * g.OutW, g.OutW, g.OutH, input.ImageStride);
        (rowStep, ColStep) = (g.StrideH * input.RowStride, g.StrideW);
        RowOffsets = rowOffsets;
    }

    /// <summary>Offsets of the unfolded rows for a padded input (the same for every group).</summary>
    public static int[] Offsets(in Conv2dGeometry g, PaddedInput<T> input)
    {
        var offsets = new int[g.PatchSize];
        for (int c = 0, r = 0; c < g.InChannelsPerGroup; c++)
            for (int kh = 0; kh < g.KernelH; kh++)
                for (int kw = 0; kw < g.KernelW; kw++)
                    offsets[r++] = c * input.PlaneStride + kh * g.DilationH * input.RowStride + kw * g.DilationW;
        return offsets;
    }

    /// <summary>bases[i] = offset of the top-left tap of pixel pixel0 + i, for i &lt; count.</summary>
    public void PixelBases(int pixel0, int count, int* bases)
    {
        int image = pixel0 / pixels, p = pixel0 - image * pixels, oh = p / outW, ow = p - oh * outW;
        for (int i = 0; i < count; i++)
        {
            bases[i] = image * imageStride + oh * rowStep + ow * ColStep;
            if (++ow == outW && ++oh == outH) (ow, oh, image) = (0, 0, image + 1);
            else if (ow == outW) ow = 0;
        }
    }
}

/// <summary>
/// A group's im2col matrix, read in place from a <see cref="PaddedInput{T}"/> as the B operand of the forward GEMM
/// (lines = output pixels of all images side by side, steps = the group's (channel, kh, kw) rows): no unfolded copy.
/// Each panel of pixels is a few runs of consecutive input addresses (stride 1: one run per output row it touches),
/// so each step is packed with a vector load per run, blended; other strides are gathered element by element.
/// </summary>
internal readonly unsafe struct Im2colColumns<T>(Im2colLayout<T> layout) : IPanelSource<T> where T : unmanaged, INumber<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(int width, int line0, int lines, int step0, int kc, T* dst)
    {
        int* bases = stackalloc int[width];
        fixed (T* data0 = layout.Data)
        fixed (int* offsets = layout.RowOffsets)
        {
            T* src = data0 + layout.Origin;
            for (int q = 0; q < lines; q += width, dst += width * kc)
            {
                int valid = Math.Min(width, lines - q);
                layout.PixelBases(line0 + q, valid, bases);
                // Past the last pixel: continue the run (stride 1) or repeat the pixel, so the reads stay in the slack.
                for (int r = valid; r < width; r++) bases[r] = bases[r - 1] + (layout.ColStep == 1 ? 1 : 0);
                PackPanel(width, kc, src, offsets + step0, bases, dst);
            }
        }
    }

    /// <summary>dst[p*width + r] = src[offsets[p] + bases[r]] for p &lt; kc, r &lt; width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PackPanel(int width, int kc, T* src, int* offsets, int* bases, T* dst)
    {
        int lanes = Vector256<T>.Count;
        if (Vector256.IsHardwareAccelerated && width % lanes == 0)
        {
            // Cut each vector's lanes into runs of consecutive addresses: run i starts at lane start[i] and
            // its lane l reads base[i] + l (so the run's first lane reads its own pixel).
            int chunks = width / lanes, maxRuns = 0;
            int* runs = stackalloc int[chunks];
            int* runBase = stackalloc int[width];
            var masks = stackalloc Vector256<T>[width];
            T* laneIndex = stackalloc T[lanes];
            for (int l = 0; l < lanes; l++) laneIndex[l] = T.CreateTruncating(l);
            var indices = Vector256.Load(laneIndex);
            for (int v = 0; v < chunks; v++)
            {
                int count = 0;
                for (int l = 0; l < lanes; l++)
                {
                    int r = v * lanes + l;
                    if (l > 0 && bases[r] == bases[r - 1] + 1) continue;
                    runBase[v * lanes + count] = bases[r] - l;
                    masks[v * lanes + count] = Vector256.GreaterThanOrEqual(indices, Vector256.Create(T.CreateTruncating(l)));
                    count++;
                }
                runs[v] = count;
                maxRuns = Math.Max(maxRuns, count);
            }
            if (maxRuns == 1)
            {
                for (int p = 0; p < kc; p++, dst += width)
                {
                    T* s = src + offsets[p];
                    for (int v = 0; v < chunks; v++) Vector256.Load(s + runBase[v * lanes]).Store(dst + v * lanes);
                }
                return;
            }
            if (maxRuns <= 2)
            {
                for (int p = 0; p < kc; p++, dst += width)
                {
                    T* s = src + offsets[p];
                    for (int v = 0; v < chunks; v++)
                    {
                        int first = v * lanes;
                        var value = Vector256.Load(s + runBase[first]);
                        if (runs[v] == 2) value = Vector256.ConditionalSelect(masks[first + 1], Vector256.Load(s + runBase[first + 1]), value);
                        value.Store(dst + first);
                    }
                }
                return;
            }
        }
        for (int p = 0; p < kc; p++, dst += width)
        {
            T* s = src + offsets[p];
            for (int r = 0; r < width; r++) dst[r] = s[bases[r]];
        }
    }
}

/// <summary>
/// A group's output [Cout/G, images * pixels] written in place into NCHW y (C of the forward GEMM): a tile within one
/// image is a strided block of y; a tile that straddles two images is scattered column by column.
/// </summary>
internal readonly unsafe struct ConvOutput<T>(T[] y, int origin, int pixels, int imageStride) : ITileTarget<T>
    where T : unmanaged, INumber<T>
{
    public ConvOutput(in Conv2dGeometry g, T[] y, int group)
        : this(y, group * g.OutChannelsPerGroup * g.OutH * g.OutW, g.OutH * g.OutW, g.OutChannels * g.OutH * g.OutW) { }

    public T[] Array => y;

    public nint Offset(int i, int j, int cols, out nint ldc)
    {
        ldc = pixels;
        int image = j / pixels, p = j - image * pixels;
        return p + cols <= pixels ? origin + (nint)image * imageStride + (nint)i * pixels + p : -1;
    }

    public void Write(int i, int j, int rows, int cols, T* tile, nint ld, bool add)
    {
        fixed (T* y0 = y)
            for (int q = 0; q < cols; q++)
            {
                int image = (j + q) / pixels, p = j + q - image * pixels;
                T* c = y0 + origin + (nint)image * imageStride + (nint)i * pixels + p;
                for (int r = 0; r < rows; r++)
                    c[r * pixels] = add ? c[r * pixels] + tile[r * ld + q] : tile[r * ld + q];
            }
    }
}

/// <summary>
/// A group's output-shaped array (dY) read in place as the [Cout/G, images * pixels] A operand of the weight-gradient
/// GEMM (lines = the group's output channels, steps = pixels of all images side by side): each image's piece of a
/// k slice is one strided block of dY.
/// </summary>
internal readonly unsafe struct ConvOutputRows<T>(T[] dy, int origin, int pixels, int imageStride) : IPanelSource<T>
    where T : unmanaged, INumber<T>
{
    /// <summary>Steps start at image <paramref name="firstImage"/>.</summary>
    public ConvOutputRows(in Conv2dGeometry g, T[] dy, int group, int firstImage)
        : this(dy, (firstImage * g.OutChannels + group * g.OutChannelsPerGroup) * g.OutH * g.OutW, g.OutH * g.OutW,
            g.OutChannels * g.OutH * g.OutW) { }

    public void Pack(int width, int line0, int lines, int step0, int kc, T* dst)
    {
        fixed (T* dy0 = dy)
            for (int step = step0; step < step0 + kc;)
            {
                int image = step / pixels, p = step - image * pixels, count = Math.Min(pixels - p, step0 + kc - step);
                GemmPacking.PackPanels(width, lines, count, dy0 + origin + (nint)image * imageStride + (nint)line0 * pixels + p,
                    pixels, 1, dst + (step - step0) * width, panelStride: width * kc);
                step += count;
            }
    }
}

/// <summary>
/// A group's im2col matrix transposed, read in place from a <see cref="PaddedInput{T}"/> as the B operand of the
/// weight-gradient GEMM (lines = the group's (channel, kh, kw) rows, steps = output pixels of all images). With stride 1
/// the pixels of an output row are consecutive in every line, so float panels are built from 8x8 register transposes.
/// </summary>
internal readonly unsafe struct Im2colRows<T>(Im2colLayout<T> layout) : IPanelSource<T> where T : unmanaged, INumber<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(int width, int line0, int lines, int step0, int kc, T* dst)
    {
        int* bases = stackalloc int[kc];
        layout.PixelBases(step0, kc, bases);
        int* offsets = stackalloc int[width];
        fixed (T* data0 = layout.Data)
        {
            T* src = data0 + layout.Origin;
            for (int q = 0; q < lines; q += width, dst += width * kc)
            {
                // Lines past the last one repeat it: finite values whose products are never stored.
                for (int r = 0; r < width; r++) offsets[r] = layout.RowOffsets[line0 + q + Math.Min(r, lines - q - 1)];
                if (typeof(T) == typeof(float) && Avx.IsSupported && layout.ColStep == 1 && width % 8 == 0)
                    TransposeRuns(width, kc, (float*)src, offsets, bases, (float*)dst);
                else
                    for (int s = 0; s < kc; s++)
                        for (int r = 0; r < width; r++) dst[s * width + r] = src[offsets[r] + bases[s]];
            }
        }
    }

    /// <summary>
    /// Runs of consecutive pixels (one output row each) as 8x8 transposes: blocks of 8 steps, the last one moved back
    /// to end with the run (overlapping steps are written twice with the same values); runs shorter than 8 element-wise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void TransposeRuns(int width, int kc, float* src, int* offsets, int* bases, float* dst)
    {
        for (int s0 = 0; s0 < kc;)
        {
            int length = 1;
            while (s0 + length < kc && bases[s0 + length] == bases[s0] + length) length++;
            if (length < 8)
            {
                for (int s = s0; s < s0 + length; s++)
                    for (int r = 0; r < width; r++) dst[s * width + r] = src[offsets[r] + bases[s]];
            }
            else
            {
                for (int t = 0; t < length; t += 8)
                {
                    int s = s0 + Math.Min(t, length - 8);
                    float* pixel = src + bases[s];
                    for (int g = 0; g < width; g += 8)
                        Transpose8x8(pixel, offsets + g, dst + s * width + g, width);
                }
            }
            s0 += length;
        }
    }

    /// <summary>dst[t*dstStride + i] = src[offsets[i] + t] for i, t &lt; 8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Transpose8x8(float* src, int* offsets, float* dst, int dstStride)
    {
        var r0 = Avx.LoadVector256(src + offsets[0]);
        var r1 = Avx.LoadVector256(src + offsets[1]);
        var r2 = Avx.LoadVector256(src + offsets[2]);
        var r3 = Avx.LoadVector256(src + offsets[3]);
        var r4 = Avx.LoadVector256(src + offsets[4]);
        var r5 = Avx.LoadVector256(src + offsets[5]);
        var r6 = Avx.LoadVector256(src + offsets[6]);
        var r7 = Avx.LoadVector256(src + offsets[7]);
        GemmPacking.Transpose8x8(r0, r1, r2, r3, r4, r5, r6, r7, dst, dstStride, 8);
    }
}
