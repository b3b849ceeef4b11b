namespace GenCourse.Kernels;

/// <summary>
/// Shapes of a 2-D convolution on contiguous NCHW arrays, with PyTorch's conv2d arguments:
/// x [N, InChannels, H, W], w [OutChannels, InChannels/Groups, KernelH, KernelW], y [N, OutChannels, OutH, OutW].
/// </summary>
internal readonly record struct Conv2dGeometry(int N, int InChannels, int H, int W, int OutChannels,
    int KernelH, int KernelW, int StrideH, int StrideW, int PadH, int PadW, int DilationH, int DilationW, int Groups)
{
    /// <summary>floor((H + 2 pad - dilation (kernel - 1) - 1) / stride) + 1.</summary>
    public int OutH => OutputSize(H, KernelH, StrideH, PadH, DilationH);

    /// <summary>floor((W + 2 pad - dilation (kernel - 1) - 1) / stride) + 1.</summary>
    public int OutW => OutputSize(W, KernelW, StrideW, PadW, DilationW);

    public int InChannelsPerGroup => InChannels / Groups;
    public int OutChannelsPerGroup => OutChannels / Groups;

    /// <summary>Rows of a group's im2col matrix: one per (input channel of the group, kh, kw).</summary>
    public int PatchSize => InChannelsPerGroup * KernelH * KernelW;

    public long InputLength => (long)N * InChannels * H * W;
    public long WeightLength => (long)OutChannels * PatchSize;
    public long OutputLength => (long)N * OutChannels * OutH * OutW;

    /// <summary>Multiply-adds of the forward pass (each of the backward passes costs the same).</summary>
    public long MultiplyAdds => OutputLength * PatchSize;

    /// <summary>A 1x1, stride-1, unpadded convolution: its im2col matrix is the input itself.</summary>
    public bool IsPointwise => KernelH == 1 && KernelW == 1 && StrideH == 1 && StrideW == 1 && PadH == 0 && PadW == 0;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first inconsistent argument.</summary>
    public void Validate(string op = "conv2d")
    {
        Require(op, N >= 0, $"batch size N must be >= 0, got {N}");
        Require(op, InChannels >= 1 && OutChannels >= 1,
            $"in_channels and out_channels must be >= 1, got {InChannels} and {OutChannels}");
        Require(op, H >= 1 && W >= 1, $"input height and width must be >= 1, got {H}x{W}");
        Require(op, KernelH >= 1 && KernelW >= 1, $"kernel_size must be >= 1, got {KernelH}x{KernelW}");
        Require(op, StrideH >= 1 && StrideW >= 1, $"stride must be >= 1, got {StrideH}x{StrideW}");
        Require(op, PadH >= 0 && PadW >= 0, $"padding must be >= 0, got {PadH}x{PadW}");
        Require(op, DilationH >= 1 && DilationW >= 1, $"dilation must be >= 1, got {DilationH}x{DilationW}");
        Require(op, Groups >= 1, $"groups must be >= 1, got {Groups}");
        Require(op, InChannels % Groups == 0, $"in_channels ({InChannels}) must be divisible by groups ({Groups})");
        Require(op, OutChannels % Groups == 0, $"out_channels ({OutChannels}) must be divisible by groups ({Groups})");
        Require(op, OutH >= 1 && OutW >= 1,
            $"output size {OutH}x{OutW} is not positive: input {H}x{W} with padding {PadH}x{PadW} is smaller than "
            + $"the dilated kernel {DilationH * (KernelH - 1) + 1}x{DilationW * (KernelW - 1) + 1}");
        Require(op, InputLength <= int.MaxValue && OutputLength <= int.MaxValue && WeightLength <= int.MaxValue,
            $"tensors larger than {int.MaxValue} elements are not supported (input {InputLength}, output {OutputLength})");
    }

    /// <summary>Throws unless an array argument holds at least <paramref name="expected"/> elements.</summary>
    public static void RequireLength(string op, string name, int actual, long expected, string shape)
    {
        if (actual < expected)
            throw new ArgumentException($"{op}: {name} has {actual} elements, expected {shape} = {expected}", name);
    }

    /// <summary>PyTorch's output length of a convolution or pooling along one axis (ceil_mode=False).</summary>
    public static int OutputSize(int size, int kernel, int stride, int pad, int dilation) =>
        (int)Math.Floor((size + 2.0 * pad - dilation * (kernel - 1.0) - 1.0) / stride) + 1;

    static void Require(string op, bool condition, string message)
    {
        if (!condition) throw new ArgumentException(op + ": " + message);
    }
}
