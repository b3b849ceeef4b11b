using GenCourse.Kernels;
using Xunit;

namespace GenCourse.Tests.Kernels;

public class PoolKernelTests
{
    // (N, C, H, W, KH, KW, strideH, strideW, padH, padW, dilationH, dilationW)
    public static TheoryData<int[]> MaxGeometries => new()
    {
        new[] { 2, 3, 8, 8, 2, 2, 2, 2, 0, 0, 1, 1 },       // the usual 2x2 / 2
        new[] { 2, 2, 7, 9, 3, 3, 2, 2, 1, 1, 1, 1 },       // overlapping windows with padding
        new[] { 1, 2, 9, 8, 3, 2, 1, 2, 1, 1, 2, 3 },       // rectangular, dilated
        new[] { 3, 1, 5, 5, 5, 5, 1, 1, 2, 2, 1, 1 },       // window larger than half the input
        new[] { 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1 },       // a single pixel
        new[] { 1, 1, 4, 6, 4, 6, 1, 1, 0, 0, 1, 1 },       // global window, output 1x1
        new[] { 16, 32, 12, 12, 3, 3, 2, 2, 1, 1, 1, 1 },   // large enough to run in parallel
    };

    // (N, C, H, W, KH, KW, strideH, strideW, padH, padW)
    public static TheoryData<int[]> AvgGeometries => new()
    {
        new[] { 2, 3, 8, 8, 2, 2, 2, 2, 0, 0 },
        new[] { 2, 2, 7, 9, 3, 3, 2, 2, 1, 1 },
        new[] { 1, 2, 9, 8, 3, 2, 1, 2, 1, 1 },
        new[] { 3, 1, 5, 5, 5, 4, 1, 3, 2, 2 },
        new[] { 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 },
        new[] { 16, 32, 12, 12, 3, 3, 2, 2, 1, 1 },
    };

    // (N, C, H, W, OutH, OutW)
    public static TheoryData<int[]> AdaptiveGeometries => new()
    {
        new[] { 2, 3, 7, 7, 3, 3 },      // overlapping windows of 3
        new[] { 1, 2, 6, 9, 2, 4 },
        new[] { 2, 2, 5, 5, 5, 5 },      // identity
        new[] { 1, 2, 4, 3, 7, 5 },      // output larger than input
        new[] { 2, 3, 6, 5, 1, 1 },      // global average
        new[] { 16, 32, 14, 14, 5, 5 },
    };

    [Theory, MemberData(nameof(MaxGeometries))]
    public void MaxPool2dIndices_MatchesDirectLoops(int[] shape)
    {
        var g = MaxGeometry(shape);
        var x = RandomData(g.InputLength, seed: 1);
        if (x.Length > 5) x[3] = x[5];                       // a tie
        var (indices, values) = (new int[g.OutputLength], new double[g.OutputLength]);
        PoolKernels.MaxPool2dIndices(g, x, indices, values);
        var (expectedIndices, expectedValues) = DirectMaxPool(g, x);
        Assert.Equal(expectedIndices, indices);
        Assert.Equal(expectedValues, values);
    }

    [Theory, MemberData(nameof(MaxGeometries))]
    public void MaxPool2dIndices_Float32AgreesWithFloat64(int[] shape)
    {
        var g = MaxGeometry(shape);
        var x = RandomData(g.InputLength, seed: 2);
        var (indices64, indices32) = (new int[g.OutputLength], new int[g.OutputLength]);
        PoolKernels.MaxPool2dIndices(g, x, indices64);
        PoolKernels.MaxPool2dIndices(g, x.Select(v => (float)v).ToArray(), indices32);
        Assert.Equal(indices64, indices32);
    }

    [Fact]
    public void MaxPool2dIndices_PicksNaNAsTheMaximum()
    {
        var g = new Pool2dGeometry(1, 1, 2, 4, 2, 2, 2, 2, 0, 0);
        float[] x = { 1, 9, 5, float.NaN, float.NaN, 2, 3, 4 };
        var (indices, values) = (new int[2], new float[2]);
        PoolKernels.MaxPool2dIndices(g, x, indices, values);
        Assert.Equal(new[] { 4, 3 }, indices);
        Assert.True(float.IsNaN(values[0]) && float.IsNaN(values[1]));
    }

    [Fact]
    public void MaxPool2dIndices_PaddingNeverWinsOverNegativeInfinity()
    {
        var g = new Pool2dGeometry(1, 1, 2, 2, 3, 3, 1, 1, 1, 1);
        var x = Enumerable.Repeat(double.NegativeInfinity, 4).ToArray();
        var indices = new int[4];
        PoolKernels.MaxPool2dIndices(g, x, indices);
        Assert.Equal(new[] { 0, 0, 0, 0 }, indices);
    }

    [Theory, MemberData(nameof(AvgGeometries))]
    public void AvgPool2dForward_MatchesDirectLoops(int[] shape)
    {
        var g = AvgGeometry(shape);
        var x = RandomData(g.InputLength, seed: 3);
        foreach (bool countIncludePad in new[] { true, false })
        {
            var y = Filled(g.OutputLength, double.NaN);
            PoolKernels.AvgPool2dForward(g, countIncludePad, x, y);
            ConvKernelTests.AssertClose(DirectAvgPool(g, countIncludePad, x), y, 1e-14);
        }
    }

    [Theory, MemberData(nameof(AvgGeometries))]
    public void AvgPool2dAdjoint_SatisfiesTheAdjointIdentity(int[] shape)
    {
        var g = AvgGeometry(shape);
        var (x, dy) = (RandomData(g.InputLength, seed: 4), RandomData(g.OutputLength, seed: 5));
        foreach (bool countIncludePad in new[] { true, false })
        {
            var (y, dx) = (new double[g.OutputLength], Filled(g.InputLength, double.NaN));
            PoolKernels.AvgPool2dForward(g, countIncludePad, x, y);
            PoolKernels.AvgPool2dAdjoint(g, countIncludePad, dy, dx);
            AssertSameDot(Dot(y, dy), Dot(x, dx));
        }
    }

    [Theory, MemberData(nameof(AvgGeometries))]
    public void AvgPool2d_Float32AgreesWithFloat64(int[] shape)
    {
        var g = AvgGeometry(shape);
        var (x, dy) = (RandomData(g.InputLength, seed: 6), RandomData(g.OutputLength, seed: 7));
        var (y, dx) = (new double[g.OutputLength], new double[g.InputLength]);
        var (y32, dx32) = (new float[g.OutputLength], new float[g.InputLength]);
        PoolKernels.AvgPool2dForward(g, false, x, y);
        PoolKernels.AvgPool2dAdjoint(g, false, dy, dx);
        PoolKernels.AvgPool2dForward(g, false, ToFloat(x), y32);
        PoolKernels.AvgPool2dAdjoint(g, false, ToFloat(dy), dx32);
        ConvKernelTests.AssertClose(y, ToDouble(y32), 1e-6);
        ConvKernelTests.AssertClose(dx, ToDouble(dx32), 1e-6);
    }

    [Theory, MemberData(nameof(AdaptiveGeometries))]
    public void AdaptiveAvgPool2dForward_MatchesDirectLoops(int[] shape)
    {
        var g = new AdaptivePool2dGeometry(shape[0], shape[1], shape[2], shape[3], shape[4], shape[5]);
        var x = RandomData(g.InputLength, seed: 8);
        var y = Filled(g.OutputLength, double.NaN);
        PoolKernels.AdaptiveAvgPool2dForward(g, x, y);
        ConvKernelTests.AssertClose(DirectAdaptiveAvgPool(g, x), y, 1e-14);
    }

    [Theory, MemberData(nameof(AdaptiveGeometries))]
    public void AdaptiveAvgPool2dAdjoint_SatisfiesTheAdjointIdentity(int[] shape)
    {
        var g = new AdaptivePool2dGeometry(shape[0], shape[1], shape[2], shape[3], shape[4], shape[5]);
        var (x, dy) = (RandomData(g.InputLength, seed: 9), RandomData(g.OutputLength, seed: 10));
        var (y, dx) = (new double[g.OutputLength], Filled(g.InputLength, double.NaN));
        PoolKernels.AdaptiveAvgPool2dForward(g, x, y);
        PoolKernels.AdaptiveAvgPool2dAdjoint(g, dy, dx);
        AssertSameDot(Dot(y, dy), Dot(x, dx));
        var (y32, dx32) = (new float[g.OutputLength], new float[g.InputLength]);
        PoolKernels.AdaptiveAvgPool2dForward(g, ToFloat(x), y32);
        PoolKernels.AdaptiveAvgPool2dAdjoint(g, ToFloat(dy), dx32);
        ConvKernelTests.AssertClose(y, ToDouble(y32), 1e-6);
        ConvKernelTests.AssertClose(dx, ToDouble(dx32), 1e-6);
    }

    [Theory]
    [InlineData(4, 3, 2, 2, 1, "padding must be >= 0 and at most half of kernel_size 3x3, got 2x2")]
    [InlineData(4, 5, 1, 0, 1, "output size 0x0 is not positive")]
    [InlineData(4, 2, 0, 0, 1, "stride must be >= 1, got 0x0")]
    [InlineData(4, 2, 1, 0, 0, "dilation must be >= 1, got 0x0")]
    [InlineData(4, 0, 1, 0, 1, "kernel_size must be >= 1, got 0x0")]
    public void Validate_NamesTheProblem(int size, int kernel, int stride, int pad, int dilation, string expected)
    {
        var g = new Pool2dGeometry(1, 1, size, size, kernel, kernel, stride, stride, pad, pad, dilation, dilation);
        var e = Assert.Throws<ArgumentException>(() => g.Validate("max_pool2d"));
        Assert.Contains("max_pool2d: " + expected, e.Message);
    }

    [Fact]
    public void AvgPool2d_RejectsDilation()
    {
        var g = new Pool2dGeometry(1, 1, 6, 6, 2, 2, 2, 2, 0, 0, 2, 2);
        var e = Assert.Throws<ArgumentException>(() => PoolKernels.AvgPool2dForward(g, true, new float[36], new float[4]));
        Assert.Contains("avg_pool2d: has no dilation, got 2x2", e.Message);
    }

    [Fact]
    public void AdaptiveAvgPool2d_RejectsAnEmptyOutput()
    {
        var g = new AdaptivePool2dGeometry(1, 1, 6, 6, 0, 3);
        var e = Assert.Throws<ArgumentException>(() => PoolKernels.AdaptiveAvgPool2dForward(g, new float[36], new float[0]));
        Assert.Contains("output_size must be >= 1, got 0x3", e.Message);
    }

    static Pool2dGeometry MaxGeometry(int[] s) => new(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11]);
    static Pool2dGeometry AvgGeometry(int[] s) => new(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9]);

    /// <summary>Scans each window over all kernel taps, skipping padding (-inf), keeping the first maximum or a NaN.</summary>
    static (int[] Indices, double[] Values) DirectMaxPool(Pool2dGeometry g, double[] x)
    {
        var (indices, values) = (new int[g.OutputLength], new double[g.OutputLength]);
        int o = 0;
        for (int plane = 0; plane < g.N * g.Channels; plane++)
            for (int oh = 0; oh < g.OutH; oh++)
                for (int ow = 0; ow < g.OutW; ow++, o++)
                {
                    (double max, int index) = (double.NegativeInfinity, -1);
                    for (int kh = 0; kh < g.KernelH; kh++)
                        for (int kw = 0; kw < g.KernelW; kw++)
                        {
                            int ih = oh * g.StrideH - g.PadH + kh * g.DilationH, iw = ow * g.StrideW - g.PadW + kw * g.DilationW;
                            if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
                            double v = x[plane * g.H * g.W + ih * g.W + iw];
                            if (index < 0 || v > max || double.IsNaN(v)) (max, index) = (v, ih * g.W + iw);
                        }
                    (indices[o], values[o]) = (index, max);
                }
        return (indices, values);
    }

    static double[] DirectAvgPool(Pool2dGeometry g, bool countIncludePad, double[] x)
    {
        var y = new double[g.OutputLength];
        int o = 0;
        for (int plane = 0; plane < g.N * g.Channels; plane++)
            for (int oh = 0; oh < g.OutH; oh++)
                for (int ow = 0; ow < g.OutW; ow++, o++)
                {
                    double sum = 0;
                    int count = 0;
                    for (int kh = 0; kh < g.KernelH; kh++)
                        for (int kw = 0; kw < g.KernelW; kw++)
                        {
                            int ih = oh * g.StrideH - g.PadH + kh, iw = ow * g.StrideW - g.PadW + kw;
                            if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
                            sum += x[plane * g.H * g.W + ih * g.W + iw];
                            count++;
                        }
                    y[o] = sum / (countIncludePad ? g.KernelH * g.KernelW : count);
                }
        return y;
    }

    static double[] DirectAdaptiveAvgPool(AdaptivePool2dGeometry g, double[] x)
    {
        var y = new double[g.OutputLength];
        int o = 0;
        for (int plane = 0; plane < g.N * g.Channels; plane++)
            for (int oh = 0; oh < g.OutH; oh++)
                for (int ow = 0; ow < g.OutW; ow++, o++)
                {
                    int h0 = (int)Math.Floor(oh * (double)g.H / g.OutH), h1 = (int)Math.Ceiling((oh + 1) * (double)g.H / g.OutH);
                    int w0 = (int)Math.Floor(ow * (double)g.W / g.OutW), w1 = (int)Math.Ceiling((ow + 1) * (double)g.W / g.OutW);
                    double sum = 0;
                    for (int ih = h0; ih < h1; ih++)
                        for (int iw = w0; iw < w1; iw++) sum += x[plane * g.H * g.W + ih * g.W + iw];
                    y[o] = sum / ((h1 - h0) * (w1 - w0));
                }
        return y;
    }

    static void AssertSameDot(double forward, double adjoint) =>
        Assert.True(Math.Abs(forward - adjoint) <= 1e-12 * Math.Abs(forward), $"<y, dy> = {forward} but <x, dx> = {adjoint}");

    static double[] RandomData(long length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, (int)length).Select(_ => 2 * random.NextDouble() - 1).ToArray();
    }

    static double[] Filled(long length, double value) => Enumerable.Repeat(value, (int)length).ToArray();
    static float[] ToFloat(double[] a) => a.Select(v => (float)v).ToArray();
    static double[] ToDouble(float[] a) => a.Select(v => (double)v).ToArray();
    static double Dot(double[] a, double[] b) => a.Zip(b, (u, v) => u * v).Sum();
}
