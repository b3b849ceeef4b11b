using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace GenCourse.Kernels;

/// <summary>
/// conv2d on contiguous NCHW arrays, lowered to matrix products (im2col): per group g,
/// Y_g[Cout/G, pixels] = W_g[Cout/G, Cin/G*KH*KW] @ Unfold(X)_g[Cin/G*KH*KW, pixels].
/// The two backward passes are the adjoints of this bilinear map:
/// dX = Fold(W_g^T @ dY_g) and dW_g = dY_g @ Unfold(X)_g^T.
/// Outputs are overwritten; the bias is left to the caller. Work is cut into <see cref="ConvBlocks"/> run in parallel.
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
    /// Size of a block's im2col matrix. Measured on the reference shape (N64 C64 14x14 3x3): 1-2 MB blocks are ~30%
    /// faster than 128-256 KB ones, whose narrow GEMMs pay their packing and threading overhead too often.
    /// </summary>
    const int ColumnBytes = 2 << 20, MinColumns = 64, MaxColumns = 1024;

    /// <summary>InputGrad of a stride-1 conv with fewer input channels per group uses col2im (measured: 1->64 7x7 is 10x faster).</summary>
    const int MinChannelsForTransposedForward = 16;

    /// <summary>Below this many multiply-adds a convolution runs on the calling thread.</summary>
    const long ParallelThreshold = 1 << 18;

    static void ForwardCore<T>(Conv2dGeometry g, T[] x, T[] w, T[] y) where T : unmanaged, INumberBase<T>
    {
        CheckArguments(g, (nameof(x), x.Length, g.InputLength, "N*Cin*H*W"),
            (nameof(w), w.Length, g.WeightLength, "Cout*Cin/groups*KH*KW"), (nameof(y), y.Length, g.OutputLength, "N*Cout*OH*OW"));
        if (g.N == 0) return;
        if (ConvDepthwise.Applies(g))
        {
            RunBlocks(g, g.N * g.Groups, i => ConvDepthwise.Forward(g, i / g.Groups, i % g.Groups, x, w, y));
            return;
        }
        var blocks = ConvBlocks.OverPixels(g, TargetColumns<T>(g), 2 * Environment.ProcessorCount);
        RunBlocks(g, blocks.Count, i => ForwardBlock(g, blocks[i], x, w, y));
    }

    /// <summary>Y_block = W_g @ Unfold(X)_block, written into y directly when the block is one image.</summary>
    static void ForwardBlock<T>(in Conv2dGeometry g, ConvBlock b, T[] x, T[] w, T[] y) where T : unmanaged, INumberBase<T>
    {
        int m = g.OutChannelsPerGroup, k = g.PatchSize;
        var (col, colOff, ldCol) = Unfolded(g, x, b);
        if (b.Images == 1)
        {
            MatMul(m, b.Columns, k, w, b.Group * m * k, k, 1, col, colOff, ldCol, 1,
                y, OutputOffset(g, b.Image, b.Group) + b.P0, g.OutH * g.OutW, accumulate: false);
            return;
        }
        var product = ConvScratch<T>.Get(ConvScratch<T>.Slot.Product, (long)m * b.Columns);
        MatMul(m, b.Columns, k, w, b.Group * m * k, k, 1, col, colOff, ldCol, 1, product, 0, b.Columns, accumulate: false);
        CopyBlockPixels(g, b, y, product, toBlock: false);
    }

    static void InputGradCore<T>(Conv2dGeometry g, T[] dy, T[] w, T[] dx) where T : unmanaged, INumberBase<T>
    {
        CheckArguments(g, (nameof(dy), dy.Length, g.OutputLength, "N*Cout*OH*OW"),
            (nameof(w), w.Length, g.WeightLength, "Cout*Cin/groups*KH*KW"), (nameof(dx), dx.Length, g.InputLength, "N*Cin*H*W"));
        if (g.N == 0) return;
        if (ConvDepthwise.Applies(g))
        {
            RunBlocks(g, g.N * g.Groups, i => ConvDepthwise.InputGrad(g, i / g.Groups, i % g.Groups, dy, w, dx));
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
        var blocks = ConvBlocks.OverChannels(g, TargetColumns<T>(g), 2 * Environment.ProcessorCount);
        RunBlocks(g, blocks.Count, i => InputGradBlock(g, blocks[i], dy, w, dx));
    }

    /// <summary>dX_block = Fold(W_g[:, block channels]^T @ dY_block), on whole images so folds never overlap.</summary>
    static void InputGradBlock<T>(in Conv2dGeometry g, ConvBlock b, T[] dy, T[] w, T[] dx) where T : unmanaged, INumberBase<T>
    {
        int m = g.OutChannelsPerGroup, k = g.PatchSize, kernelArea = g.KernelH * g.KernelW;
        int rows = (b.C1 - b.C0) * kernelArea;
        var (dyBlock, dyOff, ldDy) = OutputBlock(g, b, dy);
        var col = ConvScratch<T>.Get(ConvScratch<T>.Slot.Columns, (long)rows * b.Columns);
        MatMul(rows, b.Columns, m, w, b.Group * m * k + b.C0 * kernelArea, 1, k, dyBlock, dyOff, ldDy, 1,
            col, 0, b.Columns, accumulate: false);
        for (int i = 0; i < b.Images; i++)
            ConvUnfold.Fold(g, col, i * b.Pixels, b.Columns, dx, b.Image + i, b.Group, b.C0, b.C1);
    }

    static void WeightGradCore<T>(Conv2dGeometry g, T[] x, T[] dy, T[] dw) where T : unmanaged, INumberBase<T>
    {
        CheckArguments(g, (nameof(x), x.Length, g.InputLength, "N*Cin*H*W"),
            (nameof(dy), dy.Length, g.OutputLength, "N*Cout*OH*OW"), (nameof(dw), dw.Length, g.WeightLength, "Cout*Cin/groups*KH*KW"));
        int size = (int)g.WeightLength;
        dw.AsSpan(0, size).Clear();
        if (g.N == 0) return;
        if (ConvDepthwise.Applies(g))
        {
            RunBlocks(g, g.Groups, group => ConvDepthwise.WeightGrad(g, group, x, dy, dw));
            return;
        }
        // Blocks are summed into one partial dw per part; parts are fixed ranges of blocks, summed in order,
        // so the result does not depend on thread scheduling.
        var blocks = ConvBlocks.OverPixels(g, TargetColumns<T>(g), Environment.ProcessorCount);
        int parts = g.MultiplyAdds < ParallelThreshold ? 1 : Math.Min(Environment.ProcessorCount, blocks.Count);
        var partials = ConvScratch<T>.Get(ConvScratch<T>.Slot.Partials, (long)(parts - 1) * size);
        partials.AsSpan(0, (parts - 1) * size).Clear();
        void Part(int part)
        {
            var (sum, offset) = part == 0 ? (dw, 0) : (partials, (part - 1) * size);
            for (int i = (int)((long)part * blocks.Count / parts); i < (long)(part + 1) * blocks.Count / parts; i++)
                WeightGradBlock(g, blocks[i], x, dy, sum, offset);
        }
        if (parts == 1) Part(0);
        else Parallel.For(0, parts, Part);
        for (int part = 1; part < parts; part++)
            TensorPrimitives.Add(dw.AsSpan(0, size), partials.AsSpan((part - 1) * size, size), dw.AsSpan(0, size));
    }

    /// <summary>dW_g += dY_block @ Unfold(X)_block^T.</summary>
    static void WeightGradBlock<T>(in Conv2dGeometry g, ConvBlock b, T[] x, T[] dy, T[] sum, int sumOff)
        where T : unmanaged, INumberBase<T>
    {
        int m = g.OutChannelsPerGroup, k = g.PatchSize;
        var (col, colOff, ldCol) = Unfolded(g, x, b);
        var (dyBlock, dyOff, ldDy) = OutputBlock(g, b, dy);
        MatMul(m, k, b.Columns, dyBlock, dyOff, ldDy, 1, col, colOff, 1, ldCol,
            sum, sumOff + b.Group * m * k, k, accumulate: true);
    }

    /// <summary>The block's im2col matrix as (array, offset, row stride): x itself for a pointwise conv of one image.</summary>
    static (T[] Array, int Offset, int RowStride) Unfolded<T>(in Conv2dGeometry g, T[] x, ConvBlock b)
        where T : unmanaged, INumberBase<T>
    {
        if (g.IsPointwise && b.Images == 1)
            return (x, ((b.Image * g.InChannels + b.Group * g.InChannelsPerGroup) * g.H * g.W) + b.P0, g.H * g.W);
        var col = ConvScratch<T>.Get(ConvScratch<T>.Slot.Columns, (long)g.PatchSize * b.Columns);
        for (int i = 0; i < b.Images; i++)
            ConvUnfold.Unfold(g, x, b.Image + i, b.Group, b.P0, b.P1, col, i * b.Pixels, b.Columns);
        return (col, 0, b.Columns);
    }

    /// <summary>The block's [Cout/G, columns] slice of an output-shaped array (dy), copied side by side if it spans images.</summary>
    static (T[] Array, int Offset, int RowStride) OutputBlock<T>(in Conv2dGeometry g, ConvBlock b, T[] dy)
        where T : unmanaged, INumberBase<T>
    {
        if (b.Images == 1) return (dy, OutputOffset(g, b.Image, b.Group) + b.P0, g.OutH * g.OutW);
        var block = ConvScratch<T>.Get(ConvScratch<T>.Slot.Product, (long)g.OutChannelsPerGroup * b.Columns);
        CopyBlockPixels(g, b, dy, block, toBlock: true);
        return (block, 0, b.Columns);
    }

    /// <summary>Copies between an output-shaped NCHW array and the block's [Cout/G, images * pixels] matrix.</summary>
    static void CopyBlockPixels<T>(in Conv2dGeometry g, ConvBlock b, T[] output, T[] block, bool toBlock)
    {
        int m = g.OutChannelsPerGroup;
        for (int i = 0; i < b.Images; i++)
            for (int row = 0; row < m; row++)
            {
                var inOutput = output.AsSpan(OutputOffset(g, b.Image + i, b.Group) + row * g.OutH * g.OutW + b.P0, b.Pixels);
                var inBlock = block.AsSpan(row * b.Columns + i * b.Pixels, b.Pixels);
                if (toBlock) inOutput.CopyTo(inBlock);
                else inBlock.CopyTo(inOutput);
            }
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

    static void RunBlocks(in Conv2dGeometry g, int count, Action<int> block)
    {
        if (count == 1 || g.MultiplyAdds < ParallelThreshold)
            for (int i = 0; i < count; i++) block(i);
        else
            Parallel.For(0, count, block);
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
