extern alias EmbeddedSteps;
extern alias TorchSteps;

using System.Text.Json.Nodes;
using Ours = EmbeddedSteps::GenCourse.Benchmarks.Steps;
using Theirs = TorchSteps::GenCourse.Benchmarks.Steps;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>
/// GFLOP/s of torch.mm (torch.bmm for batched shapes) on both engines: the reference shapes and the MLP layer shapes
/// with the transposes that backward uses. Options: --dtype float32|float64, --rounds N, --case NAME (one shape only).
/// </summary>
public sealed class GemmWorkload : IWorkload
{
    public string Name => "gemm";
    public string Description => "torch.mm GFLOP/s: 1024^3, 256x784x512 and MLP forward/backward shapes";

    /// <summary>
    /// <c>Batch</c> products C[m,n] = op(A) @ op(B); layout "NN", "TN" (A stored transposed) or "NT" (B stored
    /// transposed).
    /// </summary>
    record Shape(string Case, int M, int N, int K, string Layout, int Batch = 1);

    static readonly Shape[] Shapes =
    [
        new("square", 1024, 1024, 1024, "NN"),
        new("linear784x512_b256", 256, 512, 784, "NN"),
        new("mlp_fwd_784x512", 128, 512, 784, "NN"),
        new("mlp_dx_784x512", 128, 784, 512, "NT"),
        new("mlp_dw_784x512", 784, 512, 128, "TN"),
        new("mlp_fwd_512x256", 128, 256, 512, "NN"),
        new("mlp_dx_512x256", 128, 512, 256, "NT"),
        new("mlp_dw_512x256", 512, 256, 128, "TN"),
        new("mlp_fwd_256x10", 128, 10, 256, "NN"),
        new("mlp_dx_256x10", 128, 256, 10, "NT"),
        new("mlp_dw_256x10", 256, 10, 128, "TN"),
        // im2col convolution, N64 C64 14x14, 64 filters 3x3: per image (196 x 576) @ (576 x 64)
        new("conv_im2col_b64", 196, 64, 576, "NN", 64),
        // attention scores, 32 (batch x head) matrices of Q (64 x 32) @ K^T
        new("attention_b32", 64, 64, 32, "NT", 32),
    ];

    public void Run(Options options)
    {
        string dtype = options.String("dtype", "float32");
        if (dtype != "float32" && dtype != "float64")
            throw new ArgumentException($"--dtype must be float32 or float64, got '{dtype}'");
        string only = options.String("case", "");
        var schedule = new Schedule(Rounds: 7).With(options);
        foreach (var s in Shapes.Where(s => only == "" || s.Case == only))
        {
            Console.Error.WriteLine($"gemm {s.Case} {dtype}");
            var (ours, theirs) = SideBySide.Time(
                Ours.MatrixMultiply.Prepare(s.M, s.N, s.K, s.Layout, s.Batch, dtype == "float64"),
                Theirs.MatrixMultiply.Prepare(s.M, s.N, s.K, s.Layout, s.Batch, dtype == "float64"), schedule);
            SideBySide.Report(new JsonObject
            {
                ["workload"] = Name, ["case"] = s.Case, ["layout"] = s.Layout, ["dtype"] = dtype, ["batch"] = s.Batch,
                ["m"] = s.M, ["n"] = s.N, ["k"] = s.K,
            }, ours, theirs, flopsPerCall: 2.0 * s.Batch * s.M * s.N * s.K);
        }
    }
}
