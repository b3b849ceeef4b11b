namespace GenCourse.Kernels;

/// <summary>
/// Windows of a 2-D pooling on contiguous NCHW arrays, with PyTorch's max_pool2d / avg_pool2d arguments:
/// x [N, Channels, H, W], y [N, Channels, OutH, OutW]. Average pooling has no dilation; <see cref="DivisorOverride"/>
/// (0: none) replaces its divisor.
/// </summary>
internal readonly record struct Pool2dGeometry(int N, int Channels, int H, int W, int KernelH, int KernelW,
    int StrideH, int StrideW, int PadH, int PadW, int DilationH = 1, int DilationW = 1, bool CeilMode = false, int DivisorOverride = 0)
{
    /// <summary>floor((H + 2 pad - dilation (kernel - 1) - 1) / stride) + 1 (ceil with <see cref="CeilMode"/>).</summary>
    public int OutH => OutputSize(H, KernelH, StrideH, PadH, DilationH, CeilMode);

    /// <summary>floor((W + 2 pad - dilation (kernel - 1) - 1) / stride) + 1 (ceil with <see cref="CeilMode"/>).</summary>
    public int OutW => OutputSize(W, KernelW, StrideW, PadW, DilationW, CeilMode);

    /// <summary>PyTorch's pooling_output_shape: with ceil_mode the last window may overhang, but must start inside the input or the left padding.</summary>
    static int OutputSize(int size, int kernel, int stride, int pad, int dilation, bool ceilMode)
    {
        if (!ceilMode) return Conv2dGeometry.OutputSize(size, kernel, stride, pad, dilation);
        int output = (int)Math.Ceiling((size + 2.0 * pad - dilation * (kernel - 1.0) - 1.0) / stride) + 1;
        return (output - 1) * stride >= size + pad ? output - 1 : output;
    }

    /// <summary>
    /// Average pooling's divisor with count_include_pad: the window's rows and columns within the padded input
    /// (KernelH * KernelW except for a window that overhangs with ceil_mode), as PyTorch counts them.
    /// </summary>
    public int PaddedWindowSize(int oh, int ow)
    {
        int top = oh * StrideH - PadH, left = ow * StrideW - PadW;
        return (Math.Min(top + KernelH, H + PadH) - top) * (Math.Min(left + KernelW, W + PadW) - left);
    }

    public int Planes => N * Channels;
    public long InputLength => (long)N * Channels * H * W;
    public long OutputLength => (long)N * Channels * OutH * OutW;

    /// <summary>Input rows [First, End) of output row oh, stepping by DilationH (padding rows excluded).</summary>
    public (int First, int End) RowWindow(int oh) => Window(oh, StrideH, PadH, KernelH, DilationH, H);

    /// <summary>Input columns [First, End) of output column ow, stepping by DilationW (padding columns excluded).</summary>
    public (int First, int End) ColumnWindow(int ow) => Window(ow, StrideW, PadW, KernelW, DilationW, W);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first inconsistent argument.</summary>
    public void Validate(string op)
    {
        Require(op, N >= 0 && Channels >= 1, $"batch size must be >= 0 and channels >= 1, got N={N}, C={Channels}");
        Require(op, H >= 1 && W >= 1, $"input height and width must be >= 1, got {H}x{W}");
        Require(op, KernelH >= 1 && KernelW >= 1, $"kernel_size must be >= 1, got {KernelH}x{KernelW}");
        Require(op, StrideH >= 1 && StrideW >= 1, $"stride must be >= 1, got {StrideH}x{StrideW}");
        Require(op, DilationH >= 1 && DilationW >= 1, $"dilation must be >= 1, got {DilationH}x{DilationW}");
        Require(op, PadH >= 0 && PadW >= 0 && 2 * PadH <= KernelH && 2 * PadW <= KernelW,
            $"padding must be >= 0 and at most half of kernel_size {KernelH}x{KernelW}, got {PadH}x{PadW}");
        Require(op, OutH >= 1 && OutW >= 1,
            $"output size {OutH}x{OutW} is not positive: input {H}x{W} with padding {PadH}x{PadW} is smaller than "
            + $"the window {DilationH * (KernelH - 1) + 1}x{DilationW * (KernelW - 1) + 1}");
        for (int o = 0; o < OutH; o++)
            Require(op, RowWindow(o).First < RowWindow(o).End, $"the window of output row {o} covers only padding");
        for (int o = 0; o < OutW; o++)
            Require(op, ColumnWindow(o).First < ColumnWindow(o).End, $"the window of output column {o} covers only padding");
        Require(op, InputLength <= int.MaxValue, $"tensors larger than {int.MaxValue} elements are not supported");
    }

    static (int First, int End) Window(int o, int stride, int pad, int kernel, int dilation, int size)
    {
        int start = o * stride - pad, first = start;
        while (first < 0) first += dilation;
        return (first, Math.Min(start + (kernel - 1) * dilation + 1, size));
    }

    static void Require(string op, bool condition, string message)
    {
        if (!condition) throw new ArgumentException($"{op}: {message}");
    }
}

/// <summary>
/// Windows of PyTorch's adaptive_avg_pool2d: output row o averages input rows [floor(o H / OutH), ceil((o+1) H / OutH)),
/// and likewise for columns.
/// </summary>
internal readonly record struct AdaptivePool2dGeometry(int N, int Channels, int H, int W, int OutH, int OutW)
{
    public int Planes => N * Channels;
    public long InputLength => (long)N * Channels * H * W;
    public long OutputLength => (long)N * Channels * OutH * OutW;

    public (int First, int End) RowWindow(int oh) => Window(oh, H, OutH);
    public (int First, int End) ColumnWindow(int ow) => Window(ow, W, OutW);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first inconsistent argument.</summary>
    public void Validate()
    {
        if (N < 0 || Channels < 1 || H < 1 || W < 1)
            throw new ArgumentException($"adaptive_avg_pool2d: input must have N >= 0, C >= 1, H, W >= 1, got [{N}, {Channels}, {H}, {W}]");
        if (OutH < 1 || OutW < 1)
            throw new ArgumentException($"adaptive_avg_pool2d: output_size must be >= 1, got {OutH}x{OutW}");
        if (InputLength > int.MaxValue || OutputLength > int.MaxValue)
            throw new ArgumentException($"adaptive_avg_pool2d: tensors larger than {int.MaxValue} elements are not supported");
    }

    static (int First, int End) Window(int o, int size, int outSize) =>
        ((int)((long)o * size / outSize), (int)(((long)(o + 1) * size + outSize - 1) / outSize));
}
