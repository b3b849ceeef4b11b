using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace GenCourse.Kernels;

/// <summary>
/// conv2d on contiguous NCHW arrays, lowered to matrix products (im2col): per group g,
/// Y_g[Cout/G, pixels] = W_g[Cout/G, Cin/G*KH*KW] @ Unfold(X)_g[Cin/G*KH*KW, pixels].
/// The two backward passes are the adjoints of this bilinear map:
/// dX = Fold(W_g^T @ dY_g) and dW_g = dY_g @ Unfold(X)_g^T.
/// Outputs are overwritten; the bias is left to the caller. The forward pass and the weight gradient are one GEMM per
/// group over all images whose im2col operand is packed straight from a padded copy of x (implicit im2col, see
/// <see cref="Im2colColumns{T}"/>), with no unfolded matrix in memory. Stride-1 input gradients run as a forward
/// convolution with the flipped kernel; other input gradients unfold the product and fold it back (col2im) in
/// <see cref="ConvBlocks"/> (see <see cref="Schedule"/> for how they share the cores). Depthwise convolutions use the
/// direct loops of <see cref="ConvDepthwise"/>.
/// </summary>
internal static class ConvKernels
{
    /// <summary>y = conv2d(x, w): x [N, Cin, H, W], w [Cout, Cin/G, KH, KW], y [N, Cout, OH, OW].</summary>
    public static void Forward(in Conv2dGeometry g, float[] x, float[] w, float[] y) => ForwardCore(g, x, w, y);

    /// <inheritdoc cref="Forward(in Conv2dGeometry, float[], float[], float[])"/>
    public static void Forward(in Conv2dGeometry g, double[] x, double[] w, double[] y) => ForwardCore(g, x, w, y);

    /// <summary>dx = adjoint of <see cref="Forward(in Conv2dGeometry, float[], float[], float[])"/> in x applied to dy
    /// (also conv_transpose2d's forward): dy [N, Cout, OH, OW], dx [N, Cin, H, W].</summary>
    public static void InputGrad(in Conv2dGeometry g, float[] dy, float[] w, float[] dx) => InputGradCore(g, dy, w, dx);

    /// <inheritdoc cref="InputGrad(in Conv2dGeometry, float[], float[], float[])"/>
    public static void InputGrad(in Conv2dGeometry g, double[] dy, double[] w, double[] dx) => InputGradCore(g, dy, w, dx);

    /// <summary>dw = adjoint of <see cref="Forward(in Conv2dGeometry, float[], float[], float[])"/> in w applied to dy:
    /// dw [Cout, Cin/G, KH, KW] = sum over images and pixels of dy times the input patch.</summary>
    public static void WeightGrad(in Conv2dGeometry g, float[] x, float[] dy, float[] dw) => WeightGradCore(g, x, dy, dw);

    /// <inheritdoc cref="WeightGrad(in Conv2dGeometry, float[], float[], float[])"/>
    public static void WeightGrad(in Conv2dGeometry g, double[] x, double[] dy, double[] dw) => WeightGradCore(g, x, dy, dw);

    /// <summary>
    /// Size of a block's unfolded product in the col2im input gradient. Measured when the forward pass still ran in
    /// such blocks (N64 C64 14x14 3x3): 4 MB blocks ~110 GFLOP/s, 1 MB ones ~80 (narrower GEMMs, more synchronisation).
    /// </summary>
    const int ColumnBytes = 4 << 20, MinColumns = 64, MaxColumns = 4096;

    /// <summary>InputGrad of a stride-1 conv with fewer input channels per group uses col2im (measured: 1->64 7x7 is 10x faster).</summary>
    const int MinChannelsForTransposedForward = 16;

    /// <summary>Below this many multiply-adds a convolution runs on the calling thread.</summary>
    const long ParallelThreshold = 1 << 18;

    /// <summary>
    /// How the blocks share the cores. Parallel loops must not nest: a block calling a multi-threaded GEMM from a
    /// parallel loop makes the thread pool add threads (measured: 6 threads on 2 cores, 30% slower). So blocks whose
    /// GEMM Gemm splits over threads run one after another with their unfold/fold split over threads too
    /// (<see cref="ParallelSteps"/>), and smaller blocks run side by side, one thread each (<see cref="ParallelBlocks"/>).
    /// </summary>
    enum Schedule { Serial, ParallelSteps, ParallelBlocks }

    static void ForwardCore<T>(Conv2dGeometry g, T[] x, T[] w, T[] y) where T : unmanaged, INumber<T>
    {
        CheckArguments(g, (nameof(x), x.Length, g.InputLength, "N*Cin*H*W"),
            (nameof(w), w.Length, g.WeightLength, "Cout*Cin/groups*KH*KW"), (nameof(y), y.Length, g.OutputLength, "N*Cout*OH*OW"));
        if (g.N == 0) return;
        if (ConvDepthwise.Applies(g))
        {
            ForEach(g.MultiplyAdds >= ParallelThreshold, g.N * g.Groups,
                i => ConvDepthwise.Forward(g, i / g.Groups, i % g.Groups, x, w, y));
            return;
        }
        // One GEMM per group over all images at once, packing its columns straight from a padded copy of x and
        // writing its tiles straight into y: no im2col matrix, no copy of the product.
        var padded = PaddedInput<T>.Create(g, x, parallel: g.MultiplyAdds >= ParallelThreshold);
        var rowOffsets = Im2colLayout<T>.Offsets(g, padded);
        int m = g.OutChannelsPerGroup, n = g.N * g.OutH * g.OutW, k = g.PatchSize;
        var geometry = g;
        ForEachGroup(g, m, n, k, (group, threads) => Gemm.Run<T, StridedPanels<T>, Im2colColumns<T>, ConvOutput<T>>(m, n, k,
            new StridedPanels<T>(w, group * m * k, k, 1),
            new Im2colColumns<T>(new Im2colLayout<T>(geometry, padded, group, rowOffsets, firstImage: 0)),
            new ConvOutput<T>(geometry, y, group), accumulate: false, threads));
    }

    /// <summary>
    /// Runs gemm(group, threads) for every group: one after another with the threads Gemm gives an m x n x k product,
    /// or, when that is fewer than the cores, side by side with one thread each (parallel loops must not nest).
    /// </summary>
    static void ForEachGroup(in Conv2dGeometry g, int m, int n, int k, Action<int, int> gemm)
    {
        int threads = Gemm.Threads(m, n, k);
        bool side = g.Groups > 1 && threads < Environment.ProcessorCount && g.MultiplyAdds >= ParallelThreshold;
        ForEach(side, g.Groups, group => gemm(group, side ? 1 : threads));
    }

    static void InputGradCore<T>(Conv2dGeometry g, T[] dy, T[] w, T[] dx) where T : unmanaged, INumber<T>
    {
        CheckArguments(g, (nameof(dy), dy.Length, g.OutputLength, "N*Cout*OH*OW"),
            (nameof(w), w.Length, g.WeightLength, "Cout*Cin/groups*KH*KW"), (nameof(dx), dx.Length, g.InputLength, "N*Cin*H*W"));
        if (g.N == 0) return;
        if (ConvDepthwise.Applies(g))
        {
            ForEach(g.MultiplyAdds >= ParallelThreshold, g.N * g.Groups,
                i => ConvDepthwise.InputGrad(g, i / g.Groups, i % g.Groups, dy, w, dx));
            return;
        }
        if (g.StrideH == 1 && g.StrideW == 1 && g.InChannelsPerGroup >= MinChannelsForTransposedForward
            && g.PadH <= g.DilationH * (g.KernelH - 1) && g.PadW <= g.DilationW * (g.KernelW - 1))
        {
            // With stride 1 the adjoint is itself a convolution: dy, padded by dilation*(k-1) - pad, with the
            // kernel flipped in space and its in/out channels swapped. It needs no col2im and runs as a forward pass,
            // whose GEMM has only Cin/G rows: with few input channels the col2im path's Cin/G*KH*KW rows are faster.
            var transposed = new Conv2dGeometry(g.N, g.OutChannels, g.OutH, g.OutW, g.InChannels, g.KernelH, g.KernelW,
                1, 1, g.DilationH * (g.KernelH - 1) - g.PadH, g.DilationW * (g.KernelW - 1) - g.PadW,
                g.DilationH, g.DilationW, g.Groups);
            var flipped = ConvScratch<T>.Get(ConvScratch<T>.Slot.Weights, g.WeightLength);
            FlipAndSwapChannels(g, w, flipped);
            ForwardCore(transposed, dy, flipped, dx);
            return;
        }
        var (blocks, schedule) = Plan<T>(g);
        ForEach(schedule == Schedule.ParallelBlocks, blocks.Count,
            i => InputGradBlock(g, blocks[i], dy, w, dx, schedule == Schedule.ParallelSteps));
    }

    /// <summary>dX_block = Fold(W_g[:, block channels]^T @ dY_block), on whole images so folds never overlap.</summary>
    static void InputGradBlock<T>(in Conv2dGeometry g, ConvBlock b, T[] dy, T[] w, T[] dx, bool parallelSteps)
        where T : unmanaged, INumber<T>
    {
        int m = g.OutChannelsPerGroup, k = g.PatchSize, kernelArea = g.KernelH * g.KernelW;
        int rows = (b.C1 - b.C0) * kernelArea;
        var (dyBlock, dyOff, ldDy) = OutputBlock(g, b, dy);
        var col = ConvScratch<T>.Get(ConvScratch<T>.Slot.Columns, (long)rows * b.Columns);
        MatMul(rows, b.Columns, m, w, b.Group * m * k + b.C0 * kernelArea, 1, k, dyBlock, dyOff, ldDy, 1,
            col, 0, b.Columns, accumulate: false);
        // Pieces of whole planes: (image, channel range) never overlap in dx.
        var geometry = g;
        int pieces = Pieces(parallelSteps, b.Images, b.C1 - b.C0);
        ForEach(parallelSteps, b.Images * pieces, j =>
        {
            int i = j / pieces, c0 = b.C0 + (b.C1 - b.C0) * (j % pieces) / pieces, c1 = b.C0 + (b.C1 - b.C0) * (j % pieces + 1) / pieces;
            ConvUnfold.Fold(geometry, col, (c0 - b.C0) * kernelArea * b.Columns + i * b.Pixels, b.Columns, dx,
                b.Image + i, b.Group, c0, c1);
        });
    }

    static void WeightGradCore<T>(Conv2dGeometry g, T[] x, T[] dy, T[] dw) where T : unmanaged, INumber<T>
    {
        CheckArguments(g, (nameof(x), x.Length, g.InputLength, "N*Cin*H*W"),
            (nameof(dy), dy.Length, g.OutputLength, "N*Cout*OH*OW"), (nameof(dw), dw.Length, g.WeightLength, "Cout*Cin/groups*KH*KW"));
        dw.AsSpan(0, (int)g.WeightLength).Clear();
        if (g.N == 0) return;
        if (ConvDepthwise.Applies(g))
        {
            ForEach(g.MultiplyAdds >= ParallelThreshold, g.Groups, group => ConvDepthwise.WeightGrad(g, group, x, dy, dw));
            return;
        }
        // dW_g = dY_g @ Unfold(X)_g^T as one GEMM per group whose k runs over the pixels of all images: dY and the
        // padded copy of x are packed in place, and the sum over images happens in the GEMM's accumulators.
        var padded = PaddedInput<T>.Create(g, x, parallel: g.MultiplyAdds >= ParallelThreshold);
        var rowOffsets = Im2colLayout<T>.Offsets(g, padded);
        int m = g.OutChannelsPerGroup, n = g.PatchSize, k = g.N * g.OutH * g.OutW;
        var geometry = g;
        void Product(int group, int image0, int image1, T[] sum, int offset, int threads) =>
            Gemm.Run<T, ConvOutputRows<T>, Im2colRows<T>, StridedTile<T>>(m, n, (image1 - image0) * geometry.OutH * geometry.OutW,
                new ConvOutputRows<T>(geometry, dy, group, image0),
                new Im2colRows<T>(new Im2colLayout<T>(geometry, padded, group, rowOffsets, image0)),
                new StridedTile<T>(sum, offset + group * m * n, n), accumulate: false, threads);
        int parts = Gemm.Threads(m, n, k);
        if (g.Groups > 1 || parts == 1 || g.N < parts || ConvBlocks.CeilDiv(n, BestKernel<T>.NR) >= 2 * parts)
        {
            ForEachGroup(g, m, n, k, (group, threads) => Product(group, 0, geometry.N, dw, 0, threads));
            return;
        }
        // Too few columns of dW to give every thread its own strips (the GEMM would cut rows instead and pack the
        // im2col operand once per band): split the images instead, each part summing into its own dW, added in order
        // so that the result does not depend on thread scheduling.
        int size = (int)g.WeightLength;
        var partials = ConvScratch<T>.Get(ConvScratch<T>.Slot.Partials, (long)(parts - 1) * size);
        Parallel.For(0, parts, part => Product(0, geometry.N * part / parts, geometry.N * (part + 1) / parts,
            part == 0 ? dw : partials, part == 0 ? 0 : (part - 1) * size, threads: 1));
        for (int part = 1; part < parts; part++)
            TensorPrimitives.Add(dw.AsSpan(0, size), partials.AsSpan((part - 1) * size, size), dw.AsSpan(0, size));
    }

    /// <summary>Into how many pieces to cut each image's part of a block so that every core gets two or more.</summary>
    static int Pieces(bool parallel, int images, int size) =>
        parallel ? Math.Clamp(2 * Environment.ProcessorCount / images, 1, size) : 1;

    /// <summary>The block's [Cout/G, columns] slice of an output-shaped array (dy), copied side by side if it spans images.</summary>
    static (T[] Array, int Offset, int RowStride) OutputBlock<T>(in Conv2dGeometry g, ConvBlock b, T[] dy)
        where T : unmanaged, INumber<T>
    {
        if (b.Images == 1) return (dy, OutputOffset(g, b.Image, b.Group) + b.P0, g.OutH * g.OutW);
        var block = ConvScratch<T>.Get(ConvScratch<T>.Slot.Product, (long)g.OutChannelsPerGroup * b.Columns);
        int m = g.OutChannelsPerGroup;
        for (int i = 0; i < b.Images; i++)
            for (int row = 0; row < m; row++)
                dy.AsSpan(OutputOffset(g, b.Image + i, b.Group) + row * g.OutH * g.OutW + b.P0, b.Pixels)
                    .CopyTo(block.AsSpan(row * b.Columns + i * b.Pixels, b.Pixels));
        return (block, 0, b.Columns);
    }

    /// <summary>wt[g][ci][co][kh][kw] = w[g][co][ci][KH-1-kh][KW-1-kw]: the kernel of the transposed convolution.</summary>
    static void FlipAndSwapChannels<T>(in Conv2dGeometry g, T[] w, T[] wt)
    {
        int m = g.OutChannelsPerGroup, cg = g.InChannelsPerGroup, area = g.KernelH * g.KernelW;
        for (int group = 0; group < g.Groups; group++)
            for (int co = 0; co < m; co++)
                for (int ci = 0; ci < cg; ci++)
                {
                    int src = ((group * m + co) * cg + ci) * area, dst = ((group * cg + ci) * m + co) * area;
                    for (int j = 0; j < area; j++) wt[dst + j] = w[src + area - 1 - j];
                }
    }

    static int OutputOffset(in Conv2dGeometry g, int image, int group) =>
        (image * g.OutChannels + group * g.OutChannelsPerGroup) * g.OutH * g.OutW;

    static int TargetColumns<T>(in Conv2dGeometry g) where T : unmanaged =>
        Math.Clamp(ColumnBytes / (Unsafe.SizeOf<T>() * g.PatchSize), MinColumns, MaxColumns);

    /// <summary>Cuts the col2im input gradient into blocks and picks their <see cref="Schedule"/>.</summary>
    static (ConvBlocks Blocks, Schedule Schedule) Plan<T>(in Conv2dGeometry g) where T : unmanaged
    {
        int columns = TargetColumns<T>(g);
        var geometry = g;
        ConvBlocks Cut(int minBlocks) => ConvBlocks.OverChannels(geometry, columns, minBlocks);
        var large = Cut(1);
        if (g.MultiplyAdds < ParallelThreshold || Environment.ProcessorCount == 1) return (large, Schedule.Serial);
        var first = large[0];
        return Gemm.Threads(g.OutChannelsPerGroup, (first.C1 - first.C0) * g.KernelH * g.KernelW, first.Columns) > 1
            ? (large, Schedule.ParallelSteps)
            : (Cut(2 * Environment.ProcessorCount), Schedule.ParallelBlocks);
    }

    static void ForEach(bool parallel, int count, Action<int> body)
    {
        if (parallel && count > 1) Parallel.For(0, count, body);
        else for (int i = 0; i < count; i++) body(i);
    }

    static void CheckArguments(in Conv2dGeometry g, params (string Name, int Length, long Expected, string Shape)[] arrays)
    {
        g.Validate();
        foreach (var (name, length, expected, shape) in arrays) Conv2dGeometry.RequireLength("conv2d", name, length, expected, shape);
    }

    /// <summary>Dispatches to the typed <see cref="Gemm.Run(int, int, int, float[], int, int, int, float[], int, int, int, float[], int, int, bool)"/>.</summary>
    static void MatMul<T>(int m, int n, int k, T[] a, int aOff, int aRs, int aCs, T[] b, int bOff, int bRs, int bCs,
        T[] c, int cOff, int ldc, bool accumulate)
    {
        if (typeof(T) == typeof(float))
            Gemm.Run(m, n, k, Unsafe.As<float[]>(a), aOff, aRs, aCs, Unsafe.As<float[]>(b), bOff, bRs, bCs,
                Unsafe.As<float[]>(c), cOff, ldc, accumulate);
        else if (typeof(T) == typeof(double))
            Gemm.Run(m, n, k, Unsafe.As<double[]>(a), aOff, aRs, aCs, Unsafe.As<double[]>(b), bOff, bRs, bCs,
                Unsafe.As<double[]>(c), cOff, ldc, accumulate);
        else
            throw new NotSupportedException($"conv2d supports float and double, not {typeof(T).Name}");
    }
}
