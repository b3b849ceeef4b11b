extern alias Embedded;

using Embedded::GenCourse.Kernels;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>
/// GFLOP/s of <see cref="ConvKernels"/> on the reference conv2d (float32 N=64, C=64, 14x14, 64 filters 3x3,
/// padding 1), forward alone and forward + both gradients (counted as 3x the forward FLOPs, like PyTorch's reference).
/// Embedded engine only: these are its internal kernels on plain arrays, which TorchSharp has no counterpart of (the
/// side-by-side figure is the conv2d workload).
/// Options: --runs N (default 15), --n, --c, --size, --filters, --kernel, --stride, --pad, --groups to change the shape.
/// </summary>
public sealed class ConvKernelWorkload : IWorkload
{
    public string Name => "conv-kernels";
    public string Description => "embedded engine only: its conv2d kernels' GFLOP/s, N64 C64 14x14, 64 filters 3x3 pad 1";

    public void Run(Options options)
    {
        int runs = Math.Max(10, options.Int("runs", 15));
        int n = options.Int("n", 64), c = options.Int("c", 64), size = options.Int("size", 14), filters = options.Int("filters", 64);
        int kernel = options.Int("kernel", 3), stride = options.Int("stride", 1), pad = options.Int("pad", 1), groups = options.Int("groups", 1);
        var g = new Conv2dGeometry(n, c, size, size, filters, kernel, kernel, stride, stride, pad, pad, 1, 1, groups);
        g.Validate();
        var random = new Random(1);
        float[] Fill(long length) => Enumerable.Range(0, (int)length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] x = Fill(g.InputLength), w = Fill(g.WeightLength), dy = Fill(g.OutputLength);
        float[] y = new float[g.OutputLength], dx = new float[g.InputLength], dw = new float[g.WeightLength];
        Console.Error.WriteLine($"conv-kernels (embedded engine only, its internal kernels; instruction set {Machine.Isa}) float32: N={n} C={c} {size}x{size}, {filters} filters {kernel}x{kernel}, stride {stride}, "
            + $"pad {pad}, groups {groups}; {Environment.ProcessorCount} threads, median of {runs} runs");

        void Step()
        {
            ConvKernels.Forward(g, x, w, y);
            ConvKernels.InputGrad(g, dy, w, dx);
            ConvKernels.WeightGrad(g, x, dy, dw);
        }
        // About a second of warm-up, so tiered compilation has finished before timing.
        var warmup = System.Diagnostics.Stopwatch.StartNew();
        while (warmup.Elapsed.TotalSeconds < 1) Step();
        double forward = Measure.MedianSeconds(() => ConvKernels.Forward(g, x, w, y), runs, warmup: 3);
        double inputGrad = Measure.MedianSeconds(() => ConvKernels.InputGrad(g, dy, w, dx), runs, warmup: 3);
        double weightGrad = Measure.MedianSeconds(() => ConvKernels.WeightGrad(g, x, dy, dw), runs, warmup: 3);
        double step = Measure.MedianSeconds(Step, runs, warmup: 3);

        double flops = 2.0 * g.MultiplyAdds;
        Measure.Report(new
        {
            workload = Name, engine = "GenCourse only (internal kernels, no TorchSharp counterpart)", isa = Machine.Isa, dtype = "float32", n, c, size, filters, kernel, stride, pad, groups,
            gflops_fwd = Measure.Round(flops / forward / 1e9, 1),
            gflops_fwd_bwd = Measure.Round(3 * flops / step / 1e9, 1),
            gflops_input_grad = Measure.Round(flops / inputGrad / 1e9, 1),
            gflops_weight_grad = Measure.Round(flops / weightGrad / 1e9, 1),
            ms_fwd = Measure.Round(forward * 1e3, 3),
            ms_input_grad = Measure.Round(inputGrad * 1e3, 3),
            ms_weight_grad = Measure.Round(weightGrad * 1e3, 3),
            ms_fwd_bwd = Measure.Round(step * 1e3, 3),
        });
    }
}
