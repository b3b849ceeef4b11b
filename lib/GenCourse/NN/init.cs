namespace GenCourse;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Weight initialisation schemes (in place, without recording gradients), as torch.nn.init.</summary>
        public static class init
        {
            static Tensor Fill(Tensor t, Func<Tensor> values)
            {
                using (no_grad()) t.copy_(values());
                return t;
            }

            public static Tensor zeros_(Tensor t) => Fill(t, () => zeros_like(t));

            public static Tensor ones_(Tensor t) => Fill(t, () => ones_like(t));

            public static Tensor constant_(Tensor t, double value) => Fill(t, () => full_like(t, value));

            public static Tensor uniform_(Tensor t, double a = 0, double b = 1, Generator? generator = null) =>
                Fill(t, () => rand(t.shape, generator: generator, dtype: t.dtype) * (b - a) + a);

            public static Tensor normal_(Tensor t, double mean = 0, double std = 1, Generator? generator = null) =>
                Fill(t, () => randn(t.shape, generator: generator, dtype: t.dtype) * std + mean);

            /// <summary>(fan_in, fan_out) of a weight [out, in, *kernel].</summary>
            public static (long fanIn, long fanOut) CalculateFans(Tensor t)
            {
                if (t.dim() < 2) throw new ArgumentException($"init: fan in and fan out need a tensor with at least 2 dimensions, got shape {Shape.Format(t.dims)}");
                long receptive = 1;
                for (int i = 2; i < t.dim(); i++) receptive *= t.dims[i];
                return (t.dims[1] * receptive, t.dims[0] * receptive);
            }

            /// <summary>Recommended gain for a nonlinearity ("linear", "relu", "leaky_relu", "tanh", "sigmoid", "selu").</summary>
            public static double calculate_gain(string nonlinearity, double param = 0.01) => nonlinearity switch
            {
                "linear" or "conv1d" or "conv2d" or "sigmoid" => 1,
                "tanh" => 5.0 / 3,
                "relu" => Math.Sqrt(2),
                "leaky_relu" => Math.Sqrt(2 / (1 + param * param)),
                "selu" => 3.0 / 4,
                _ => throw new ArgumentException($"calculate_gain: unknown nonlinearity \"{nonlinearity}\""),
            };

            public static Tensor xavier_uniform_(Tensor t, double gain = 1, Generator? generator = null)
            {
                var (fi, fo) = CalculateFans(t);
                double bound = gain * Math.Sqrt(6.0 / (fi + fo));
                return uniform_(t, -bound, bound, generator);
            }

            public static Tensor xavier_normal_(Tensor t, double gain = 1, Generator? generator = null)
            {
                var (fi, fo) = CalculateFans(t);
                return normal_(t, 0, gain * Math.Sqrt(2.0 / (fi + fo)), generator);
            }

            /// <summary>He initialisation: U(-b, b) with b = gain sqrt(3 / fan), gain from <paramref name="nonlinearity"/> and slope <paramref name="a"/>.</summary>
            public static Tensor kaiming_uniform_(Tensor t, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu", Generator? generator = null)
            {
                double bound = calculate_gain(nonlinearity, a) * Math.Sqrt(3.0 / Fan(t, mode));
                return uniform_(t, -bound, bound, generator);
            }

            public static Tensor kaiming_normal_(Tensor t, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu", Generator? generator = null) =>
                normal_(t, 0, calculate_gain(nonlinearity, a) / Math.Sqrt(Fan(t, mode)), generator);

            static long Fan(Tensor t, string mode)
            {
                var (fi, fo) = CalculateFans(t);
                return mode switch
                {
                    "fan_in" => fi,
                    "fan_out" => fo,
                    _ => throw new ArgumentException($"init: mode must be \"fan_in\" or \"fan_out\", got \"{mode}\""),
                };
            }

            /// <summary>A (semi-)orthogonal matrix from the QR decomposition of a Gaussian matrix (Saxe et al. 2013), times gain.</summary>
            public static Tensor orthogonal_(Tensor t, double gain = 1, Generator? generator = null)
            {
                if (t.dim() < 2) throw new ArgumentException($"orthogonal_: needs at least 2 dimensions, got shape {Shape.Format(t.dims)}");
                int rows = t.dims[0], cols = (int)(t.numel() / rows);
                bool transposed = rows < cols;
                int n = transposed ? cols : rows, m = transposed ? rows : cols;
                var a = randn([n, m], generator: generator, dtype: float64).ToArray<double>();
                // Modified Gram-Schmidt on the m columns of the n x m matrix, with signs fixed like QR with positive diag(R).
                for (int j = 0; j < m; j++)
                {
                    for (int k = 0; k < j; k++)
                    {
                        double dot = 0;
                        for (int i = 0; i < n; i++) dot += a[i * m + j] * a[i * m + k];
                        for (int i = 0; i < n; i++) a[i * m + j] -= dot * a[i * m + k];
                    }
                    double norm = 0;
                    for (int i = 0; i < n; i++) norm += a[i * m + j] * a[i * m + j];
                    norm = Math.Sqrt(norm);
                    for (int i = 0; i < n; i++) a[i * m + j] /= norm;
                }
                var q = tensor(a, [n, m]);
                if (transposed) q = q.t();
                return Fill(t, () => (q * gain).reshape(t.shape).to(t.dtype));
            }
        }
    }
}
