using GenCourse.Kernels;
using Xunit;

namespace GenCourse.Tests.Kernels;

public class ConvKernelTests
{
    // (N, Cin, H, W, Cout, KH, KW, strideH, strideW, padH, padW, dilationH, dilationW, groups)
    public static TheoryData<int[]> Geometries => new()
    {
        new[] { 2, 3, 7, 7, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1 },           // "same" 3x3
        new[] { 2, 3, 8, 9, 5, 3, 3, 2, 2, 1, 1, 1, 1, 1 },           // stride 2
        new[] { 1, 4, 9, 7, 6, 2, 3, 1, 2, 0, 1, 1, 1, 2 },           // rectangular kernel, N = 1, groups
        new[] { 2, 6, 10, 10, 6, 3, 3, 1, 1, 2, 2, 2, 2, 1 },         // dilation 2
        new[] { 3, 4, 6, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 4 },           // depthwise
        new[] { 2, 4, 6, 5, 8, 3, 3, 2, 1, 1, 1, 1, 1, 4 },           // depthwise, channel multiplier 2
        new[] { 2, 5, 6, 6, 3, 1, 1, 1, 1, 0, 0, 1, 1, 1 },           // pointwise
        new[] { 2, 4, 7, 7, 6, 1, 1, 2, 2, 0, 0, 1, 1, 2 },           // 1x1 stride 2, groups
        new[] { 1, 2, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1 },           // 1x1 with padding (output border is padding only)
        new[] { 2, 3, 5, 5, 2, 5, 5, 1, 1, 0, 0, 1, 1, 1 },           // output 1x1
        new[] { 2, 3, 4, 4, 2, 4, 4, 2, 2, 1, 1, 1, 1, 1 },           // DCGAN-style 4x4 stride 2
        new[] { 2, 2, 9, 11, 3, 3, 2, 3, 2, 1, 0, 2, 3, 1 },          // mixed strides and dilations
        new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1 },           // a single pixel
        new[] { 2, 1, 5, 4, 3, 3, 3, 1, 1, 3, 2, 1, 1, 1 },           // padding larger than the kernel reach
        new[] { 4, 8, 16, 16, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1 },         // large enough to run in parallel
        new[] { 1, 4, 40, 40, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1 },         // one large image split into pixel blocks
        new[] { 16, 8, 5, 5, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1 },         // many small images per block
        new[] { 1, 8, 32, 32, 16, 3, 3, 2, 2, 1, 1, 1, 1, 1 },        // col2im split over channels
        new[] { 3, 6, 12, 12, 9, 3, 3, 2, 2, 1, 1, 1, 1, 3 },         // col2im with groups
        new[] { 2, 1, 9, 9, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1 },           // one input channel, eight outputs (GEMM, col2im)
        new[] { 2, 16, 7, 7, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1 },          // input gradient as a transposed forward conv
        new[] { 2, 32, 6, 6, 8, 3, 3, 1, 1, 1, 1, 2, 2, 2 },          // ... with groups and dilation
        new[] { 2, 16, 5, 5, 4, 1, 1, 1, 1, 0, 0, 1, 1, 1 },          // ... pointwise
        new[] { 4, 32, 12, 12, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1 },       // ... block GEMMs large enough for threads
        new[] { 4, 16, 24, 24, 32, 4, 4, 2, 2, 1, 1, 1, 1, 1 },       // col2im, block GEMMs large enough for threads
        new[] { 1, 16, 48, 48, 32, 4, 4, 2, 2, 1, 1, 1, 1, 1 },       // ... one image, fold split over channels
        new[] { 2, 64, 16, 16, 64, 1, 1, 1, 1, 0, 0, 1, 1, 1 },       // pointwise, large blocks of two images
        new[] { 1, 128, 32, 32, 32, 1, 1, 1, 1, 0, 0, 1, 1, 1 },      // pointwise, one large image read in place
        new[] { 4, 8, 12, 12, 8, 3, 3, 2, 2, 1, 1, 1, 1, 8 },         // depthwise, stride 2
        new[] { 2, 6, 9, 9, 12, 3, 3, 1, 1, 0, 0, 2, 2, 6 },          // depthwise, dilated, unpadded, multiplier 2
        new[] { 8, 32, 16, 16, 32, 5, 5, 1, 1, 2, 2, 1, 1, 32 },      // depthwise, large enough to run in parallel
        new[] { 16, 1, 28, 28, 32, 4, 4, 2, 2, 1, 1, 1, 1, 1 },       // conv VAE's first layer: weight grad split over images
        new[] { 3, 5, 11, 21, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1 },         // odd sizes: panels cross rows and images anywhere
    };

    [Theory, MemberData(nameof(Geometries))]
    public void Forward_MatchesDirectConvolution(int[] shape)
    {
        var g = Geometry(shape);
        var (x, w, _) = RandomData(g, seed: 1);
        var y = Filled(g.OutputLength, double.NaN);
        ConvKernels.Forward(g, x, w, y);
        AssertClose(DirectForward(g, x, w), y, 1e-12);
    }

    [Theory, MemberData(nameof(Geometries))]
    public void InputGrad_MatchesDirectLoops(int[] shape)
    {
        var g = Geometry(shape);
        var (_, w, dy) = RandomData(g, seed: 2);
        var dx = Filled(g.InputLength, double.NaN);
        ConvKernels.InputGrad(g, dy, w, dx);
        AssertClose(DirectInputGrad(g, dy, w), dx, 1e-12);
    }

    [Theory, MemberData(nameof(Geometries))]
    public void WeightGrad_MatchesDirectLoops(int[] shape)
    {
        var g = Geometry(shape);
        var (x, _, dy) = RandomData(g, seed: 3);
        var dw = Filled(g.WeightLength, double.NaN);
        ConvKernels.WeightGrad(g, x, dy, dw);
        AssertClose(DirectWeightGrad(g, x, dy), dw, 1e-12);
    }

    [Theory, MemberData(nameof(Geometries))]
    public void Gradients_AreAdjointsOfForward(int[] shape)
    {
        var g = Geometry(shape);
        var (x, w, dy) = RandomData(g, seed: 4);
        var (y, dx, dw) = (new double[g.OutputLength], new double[g.InputLength], new double[g.WeightLength]);
        ConvKernels.Forward(g, x, w, y);
        ConvKernels.InputGrad(g, dy, w, dx);
        ConvKernels.WeightGrad(g, x, dy, dw);
        double forward = Dot(y, dy), viaInput = Dot(x, dx), viaWeight = Dot(w, dw);
        double scale = Math.Abs(forward) + 1e-300;
        Assert.True(Math.Abs(forward - viaInput) <= 1e-10 * scale, $"<y, dy> = {forward} but <x, dx> = {viaInput}");
        Assert.True(Math.Abs(forward - viaWeight) <= 1e-10 * scale, $"<y, dy> = {forward} but <w, dw> = {viaWeight}");
    }

    [Theory, MemberData(nameof(Geometries))]
    public void Float32_AgreesWithFloat64(int[] shape)
    {
        var g = Geometry(shape);
        var (x, w, dy) = RandomData(g, seed: 5);
        var (y, dx, dw) = (new double[g.OutputLength], new double[g.InputLength], new double[g.WeightLength]);
        ConvKernels.Forward(g, x, w, y);
        ConvKernels.InputGrad(g, dy, w, dx);
        ConvKernels.WeightGrad(g, x, dy, dw);
        var (y32, dx32, dw32) = (new float[g.OutputLength], new float[g.InputLength], new float[g.WeightLength]);
        ConvKernels.Forward(g, ToFloat(x), ToFloat(w), y32);
        ConvKernels.InputGrad(g, ToFloat(dy), ToFloat(w), dx32);
        ConvKernels.WeightGrad(g, ToFloat(x), ToFloat(dy), dw32);
        AssertClose(y, ToDouble(y32), 1e-5);
        AssertClose(dx, ToDouble(dx32), 1e-5);
        AssertClose(dw, ToDouble(dw32), 1e-5);
    }

    [Fact]
    public void WeightGrad_IsTheSameOnRepeatedCalls()
    {
        var g = new Conv2dGeometry(8, 8, 12, 12, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        var (x, _, dy) = RandomData(g, seed: 6);
        var (first, second) = (new double[g.WeightLength], new double[g.WeightLength]);
        ConvKernels.WeightGrad(g, x, dy, first);
        ConvKernels.WeightGrad(g, x, dy, second);
        Assert.Equal(first, second);
    }

    [Fact]
    public void EmptyBatch_ZeroesWeightGradAndLeavesOthersAlone()
    {
        var g = new Conv2dGeometry(0, 2, 5, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        var dw = Filled(g.WeightLength, double.NaN);
        ConvKernels.Forward(g, Array.Empty<double>(), new double[g.WeightLength], Array.Empty<double>());
        ConvKernels.WeightGrad(g, Array.Empty<double>(), Array.Empty<double>(), dw);
        Assert.All(dw, v => Assert.Equal(0.0, v));
    }

    [Theory]
    [InlineData(4, 6, 3, 3, 1, 0, 1, 4, "in_channels (6) must be divisible by groups (4)")]
    [InlineData(4, 4, 6, 3, 1, 0, 1, 4, "out_channels (6) must be divisible by groups (4)")]
    [InlineData(4, 2, 2, 5, 1, 0, 1, 1, "output size 0x0 is not positive")]
    [InlineData(4, 2, 2, 3, 1, 0, 2, 1, "output size 0x0 is not positive")]
    [InlineData(4, 2, 2, 3, 0, 0, 1, 1, "stride must be >= 1, got 0x0")]
    [InlineData(4, 2, 2, 3, 1, -1, 1, 1, "padding must be >= 0, got -1x-1")]
    [InlineData(4, 2, 2, 3, 1, 0, 0, 1, "dilation must be >= 1, got 0x0")]
    [InlineData(4, 2, 2, 0, 1, 0, 1, 1, "kernel_size must be >= 1, got 0x0")]
    [InlineData(4, 2, 2, 3, 1, 0, 1, 0, "groups must be >= 1, got 0")]
    public void Validate_NamesTheProblem(int size, int cin, int cout, int kernel, int stride, int pad, int dilation,
        int groups, string expected)
    {
        var g = new Conv2dGeometry(1, cin, size, size, cout, kernel, kernel, stride, stride, pad, pad, dilation, dilation, groups);
        var e = Assert.Throws<ArgumentException>(() => g.Validate());
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Forward_RejectsAnArrayOfTheWrongSize()
    {
        var g = new Conv2dGeometry(2, 3, 5, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        var e = Assert.Throws<ArgumentException>(() =>
            ConvKernels.Forward(g, new float[g.InputLength - 1], new float[g.WeightLength], new float[g.OutputLength]));
        Assert.Contains("x has 149 elements, expected N*Cin*H*W = 150", e.Message);
    }

    static Conv2dGeometry Geometry(int[] s) =>
        new(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12], s[13]);

    /// <summary>y[n, co, oh, ow] = sum over the group's ci, kh, kw of w[co, ci, kh, kw] x[n, ci, ih, iw].</summary>
    static double[] DirectForward(Conv2dGeometry g, double[] x, double[] w)
    {
        var y = new double[g.OutputLength];
        ForEachTap(g, (xi, wi, yi) => y[yi] += w[wi] * x[xi]);
        return y;
    }

    static double[] DirectInputGrad(Conv2dGeometry g, double[] dy, double[] w)
    {
        var dx = new double[g.InputLength];
        ForEachTap(g, (xi, wi, yi) => dx[xi] += w[wi] * dy[yi]);
        return dx;
    }

    static double[] DirectWeightGrad(Conv2dGeometry g, double[] x, double[] dy)
    {
        var dw = new double[g.WeightLength];
        ForEachTap(g, (xi, wi, yi) => dw[wi] += x[xi] * dy[yi]);
        return dw;
    }

    /// <summary>Calls tap(x index, w index, y index) for every product in the convolution sum (padding skipped).</summary>
    static void ForEachTap(Conv2dGeometry g, Action<int, int, int> tap)
    {
        int cinG = g.InChannels / g.Groups, coutG = g.OutChannels / g.Groups;
        for (int n = 0; n < g.N; n++)
            for (int co = 0; co < g.OutChannels; co++)
                for (int oh = 0; oh < g.OutH; oh++)
                    for (int ow = 0; ow < g.OutW; ow++)
                        for (int ci = 0; ci < cinG; ci++)
                            for (int kh = 0; kh < g.KernelH; kh++)
                                for (int kw = 0; kw < g.KernelW; kw++)
                                {
                                    int ih = oh * g.StrideH - g.PadH + kh * g.DilationH;
                                    int iw = ow * g.StrideW - g.PadW + kw * g.DilationW;
                                    if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
                                    int c = co / coutG * cinG + ci;
                                    tap(((n * g.InChannels + c) * g.H + ih) * g.W + iw,
                                        ((co * cinG + ci) * g.KernelH + kh) * g.KernelW + kw,
                                        ((n * g.OutChannels + co) * g.OutH + oh) * g.OutW + ow);
                                }
    }

    static (double[] X, double[] W, double[] Dy) RandomData(Conv2dGeometry g, int seed)
    {
        var random = new Random(seed);
        double[] Uniform(long length) => Enumerable.Range(0, (int)length).Select(_ => 2 * random.NextDouble() - 1).ToArray();
        return (Uniform(g.InputLength), Uniform(g.WeightLength), Uniform(g.OutputLength));
    }

    static double[] Filled(long length, double value) => Enumerable.Repeat(value, (int)length).ToArray();
    static float[] ToFloat(double[] a) => a.Select(v => (float)v).ToArray();
    static double[] ToDouble(float[] a) => a.Select(v => (double)v).ToArray();
    static double Dot(double[] a, double[] b) => a.Zip(b, (u, v) => u * v).Sum();

    /// <summary>Asserts max |expected - actual| <= tolerance * max |expected|.</summary>
    internal static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs), worst = 0;
        int worstIndex = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            if (!(error <= worst)) (worst, worstIndex) = (error, i);
        }
        Assert.True(worst <= tolerance * scale,
            $"element {worstIndex}: expected {expected[worstIndex]}, got {actual[worstIndex]} (max |expected| {scale})");
    }
}
