using GenCourse.Kernels;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>
/// GFLOP/s of <see cref="Gemm.Run(int,int,int,float[],int,int,int,float[],int,int,int,float[],int,int,bool)"/> on the
/// reference shapes and on the MLP layer shapes with the transposes that backward uses.
/// Options: --dtype float32|float64, --runs N (samples per shape, default 15), --case NAME (one shape only).
/// </summary>
public sealed class GemmWorkload : IWorkload
{
    public string Name => "gemm";
    public string Description => "matrix multiply GFLOP/s: 1024^3, 256x784x512 and MLP forward/backward shapes";

    /// <summary>
    /// <c>Batch</c> products C[m,n] = op(A) @ op(B); layout "NN", "TN" (A stored transposed) or "NT" (B stored
    /// transposed). Batched shapes go through RunBatched.
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
        int runs = options.Int("runs", 15);
        string only = options.String("case", "");
        Console.Error.WriteLine($"gemm {dtype}, {Environment.ProcessorCount} threads, median of {runs} samples");
        foreach (var s in Shapes.Where(s => only == "" || s.Case == only))
        {
            var call = dtype == "float32" ? Prepare<float>(s, x => (float)x) : Prepare<double>(s, x => x);
            // Repeat short products inside one sample so each sample lasts ~20 ms and timer noise stays small.
            var once = Measure.MedianSeconds(call, runs: 3, warmup: 3);
            int repeats = Math.Max(1, (int)(0.02 / once));
            double seconds = Measure.MedianSeconds(() => { for (int r = 0; r < repeats; r++) call(); }, runs) / repeats;
            Measure.Report(new
            {
                workload = Name, @case = s.Case, layout = s.Layout, dtype, batch = s.Batch, m = s.M, n = s.N, k = s.K,
                gflops = Measure.Round(2.0 * s.Batch * s.M * s.N * s.K / seconds / 1e9, 1),
                ms = Measure.Round(seconds * 1e3, 4),
            });
        }
    }

    /// <summary>Allocates operands once and returns the call to time; the overload is chosen by the element type.</summary>
    static Action Prepare<T>(Shape s, Func<double, T> convert)
    {
        var random = new Random(1);
        T[] Fill(int length) => Enumerable.Range(0, length).Select(_ => convert(random.NextDouble() - 0.5)).ToArray();
        int aSize = s.M * s.K, bSize = s.K * s.N, cSize = s.M * s.N;
        T[] a = Fill(s.Batch * aSize), b = Fill(s.Batch * bSize), c = new T[s.Batch * cSize];
        // "T" stores the operand transposed: A as k x m, B as n x k, both row-major.
        (int aRs, int aCs) = s.Layout[0] == 'T' ? (1, s.M) : (s.K, 1);
        (int bRs, int bCs) = s.Layout[1] == 'T' ? (1, s.K) : (s.N, 1);
        if (s.Batch > 1)
            return (a, b, c) switch
            {
                (float[] af, float[] bf, float[] cf) => () => Gemm.RunBatched(s.Batch, s.M, s.N, s.K,
                    af, 0, aSize, aRs, aCs, bf, 0, bSize, bRs, bCs, cf, 0, cSize, s.N, false),
                (double[] ad, double[] bd, double[] cd) => () => Gemm.RunBatched(s.Batch, s.M, s.N, s.K,
                    ad, 0, aSize, aRs, aCs, bd, 0, bSize, bRs, bCs, cd, 0, cSize, s.N, false),
                _ => throw new ArgumentException($"unsupported element type {typeof(T).Name}"),
            };
        return (a, b, c) switch
        {
            (float[] af, float[] bf, float[] cf) => () => Gemm.Run(s.M, s.N, s.K, af, 0, aRs, aCs, bf, 0, bRs, bCs, cf, 0, s.N, false),
            (double[] ad, double[] bd, double[] cd) => () => Gemm.Run(s.M, s.N, s.K, ad, 0, aRs, aCs, bd, 0, bRs, bCs, cd, 0, s.N, false),
            _ => throw new ArgumentException($"unsupported element type {typeof(T).Name}"),
        };
    }
}
