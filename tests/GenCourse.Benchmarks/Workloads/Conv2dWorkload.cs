using GenCourse;
using static GenCourse.torch;
using F = GenCourse.torch.nn.functional;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>F.conv2d on N=64, C=64, 14x14, 64 filters 3x3, padding 1: forward, and forward + backward (input and weight).</summary>
public sealed class Conv2dWorkload : IWorkload
{
    public string Name => "conv2d";

    public string Description => "F.conv2d 64x64x14x14, 64 filters 3x3 pad 1, float32 (gflops_fwd, gflops_fwd_bwd)";

    public void Run(Options options)
    {
        int runs = options.Int("runs", 20);
        var g = new Generator(0);
        var x = randn(new long[] { 64, 64, 14, 14 }, generator: g, requires_grad: true);
        var w = randn(new long[] { 64, 64, 3, 3 }, generator: g, requires_grad: true);
        double flops = 2.0 * 64 * 64 * 14 * 14 * 64 * 9;
        double fwd;
        using (no_grad()) fwd = Measure.MedianSeconds(() => F.conv2d(x, w, padding: [1]), runs, warmup: 10, warmupSeconds: 1);
        var gy = randn(new long[] { 64, 64, 14, 14 }, generator: g);
        double both = Measure.MedianSeconds(() =>
        {
            x.grad = null;
            w.grad = null;
            F.conv2d(x, w, padding: [1]).backward(gy);
        }, runs, warmup: 10, warmupSeconds: 1);
        Measure.Report(new
        {
            workload = Name,
            gflops_fwd = Measure.Round(flops / fwd / 1e9, 1),
            gflops_fwd_bwd = Measure.Round(3 * flops / both / 1e9, 1),
            ms_fwd = Measure.Round(fwd * 1000),
            ms_fwd_bwd = Measure.Round(both * 1000),
        });
    }
}
