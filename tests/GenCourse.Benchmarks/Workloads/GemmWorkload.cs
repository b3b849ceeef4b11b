using GenCourse.Kernels;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>
/// GFLOP/s of <see cref="Gemm.Run(int,int,int,float[],int,int,int,float[],int,int,int,float[],int,int,bool)"/> on the
/// reference shapes and on the MLP layer shapes with the transposes that backward uses.
/// Options: --dtype float32|float64, --runs N (samples per shape, default 15).
/// </summary>
public sealed class GemmWorkload : IWorkload
{
    public string Name => "gemm";
    public string Description => "matrix multiply GFLOP/s: 1024^3, 256x784x512 and MLP forward/backward shapes";

    /// <summary>A product C[m,n] = op(A) @ op(B); layout "NN", "TN" (A stored transposed) or "NT" (B stored transposed).</summary>
    record Shape(string Case, int M, int N, int K, string Layout);

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
    ];

    public void Run(Options options)
    {
        string dtype = options.String("dtype", "float32");
        if (dtype != "float32" && dtype != "float64")
            throw new ArgumentException($"--dtype must be float32 or float64, got '{dtype}'");
        int runs = options.Int("runs", 15);
        Console.Error.WriteLine($"gemm {dtype}, {Environment.ProcessorCount} threads, median of {runs} samples");
        foreach (var s in Shapes)
        {
            var call = dtype == "float32" ? Prepare<float>(s, x => (float)x) : Prepare<double>(s, x => x);
            // Repeat short products inside one sample so each sample lasts ~20 ms and timer noise stays small.
            var once = Measure.MedianSeconds(call, runs: 3, warmup: 3);
            int repeats = Math.Max(1, (int)(0.02 / once));
            double seconds = Measure.MedianSeconds(() => { for (int r = 0; r < repeats; r++) call(); }, runs) / repeats;
            Measure.Report(new
            {
                workload = Name, @case = s.Case, layout = s.Layout, dtype, m = s.M, n = s.N, k = s.K,
                gflops = Measure.Round(2.0 * s.M * s.N * s.K / seconds / 1e9, 1),
                ms = Measure.Round(seconds * 1e3, 4),
            });
        }
    }

    /// <summary>Allocates operands once and returns the call to time; the overload is chosen by the element type.</summary>
    static Action Prepare<T>(Shape s, Func<double, T> convert)
    {
        var random = new Random(1);
        T[] Fill(int length) => Enumerable.Range(0, length).Select(_ => convert(random.NextDouble() - 0.5)).ToArray();
        T[] a = Fill(s.M * s.K), b = Fill(s.K * s.N), c = new T[s.M * s.N];
        // "T" stores the operand transposed: A as k x m, B as n x k, both row-major.
        (int aRs, int aCs) = s.Layout[0] == 'T' ? (1, s.M) : (s.K, 1);
        (int bRs, int bCs) = s.Layout[1] == 'T' ? (1, s.K) : (s.N, 1);
        return (a, b, c) switch
        {
            (float[] af, float[] bf, float[] cf) => () => Gemm.Run(s.M, s.N, s.K, af, 0, aRs, aCs, bf, 0, bRs, bCs, cf, 0, s.N, false),
            (double[] ad, double[] bd, double[] cd) => () => Gemm.Run(s.M, s.N, s.K, ad, 0, aRs, aCs, bd, 0, bRs, bCs, cd, 0, s.N, false),
            _ => throw new ArgumentException($"unsupported element type {typeof(T).Name}"),
        };
    }
}
