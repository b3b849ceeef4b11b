namespace GenCourse;

public static partial class torch
{
    /// <summary>Neural-network building blocks: layers (added with modules), and <c>nn.functional</c>.</summary>
    public static partial class nn
    {
        /// <summary>Stateless functions behind the layers, as in torch.nn.functional (import as <c>F</c>).</summary>
        public static partial class functional
        {
            public static Tensor relu(Tensor x) => x.relu();

            public static Tensor sigmoid(Tensor x) => x.sigmoid();

            public static Tensor tanh(Tensor x) => x.tanh();

            /// <summary>x for x &gt; 0, slope x otherwise.</summary>
            public static Tensor leaky_relu(Tensor x, double negative_slope = 0.01) =>
                where(x.gt(0), x, x * negative_slope);

            /// <summary>x for x &gt; 0, alpha (e^x - 1) otherwise (the exponent is clamped so the unused branch cannot overflow).</summary>
            public static Tensor elu(Tensor x, double alpha = 1.0) =>
                where(x.gt(0), x, x.clamp(max: 0).expm1() * alpha);

            public static Tensor softplus(Tensor x, double beta = 1, double threshold = 20) => x.softplus(beta, threshold);

            /// <summary>log sigmoid(x) = -softplus(-x), stable for large |x|.</summary>
            public static Tensor logsigmoid(Tensor x) => -(-x).softplus();

            /// <summary>x sigmoid(x) (also called swish); d/dx = s (1 + x (1 - s)) with s = sigmoid(x), which stays 0, not 0 * inf, for huge negative x.</summary>
            public static Tensor silu(Tensor x)
            {
                Tensor y;
                using (no_grad()) y = x * x.sigmoid();
                return Engine.Record(y, "SiluBackward", [x], g =>
                {
                    var s = x.sigmoid();
                    return [g * s * (1 + x * (1 - s))];
                }, x);
            }

            /// <summary>x Phi(x) with the normal CDF Phi.</summary>
            public static Tensor gelu(Tensor x) => gelu(x, Modules.GELU.Approximate.none);

            /// <summary>x Phi(x); <see cref="GELU.Approximate.tanh"/> uses Hendrycks &amp; Gimpel's tanh form of Phi.</summary>
            public static Tensor gelu(Tensor x, GELU.Approximate approximate) => approximate switch
            {
                Modules.GELU.Approximate.none => x * 0.5 * (1 + (x * (1 / Math.Sqrt(2))).erf()),
                Modules.GELU.Approximate.tanh => x * 0.5 * (1 + ((x + x.pow(3) * 0.044715) * Math.Sqrt(2 / Math.PI)).tanh()),
                _ => throw new ArgumentException($"gelu: approximate must be none or tanh, got {approximate}"),
            };

            /// <summary>gelu with PyTorch's string argument ("none" or "tanh"), the embedded engine's shorthand.</summary>
            public static Tensor gelu(Tensor x, string approximate) => gelu(x, ParseApproximate(approximate));

            internal static GELU.Approximate ParseApproximate(string approximate) => approximate switch
            {
                "none" => Modules.GELU.Approximate.none,
                "tanh" => Modules.GELU.Approximate.tanh,
                _ => throw new ArgumentException($"gelu: approximate must be \"none\" or \"tanh\", got \"{approximate}\""),
            };

            public static Tensor softmax(Tensor x, int dim) => x.softmax(dim);

            public static Tensor log_softmax(Tensor x, int dim) => x.log_softmax(dim);

            /// <summary>x W^T + b for x [..., in], W [out, in], b [out].</summary>
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null)
            {
                if (weight.dim() != 2 || input.dim() == 0 || input.dims[^1] != weight.dims[1])
                    throw new ArgumentException($"linear: input of shape {Shape.Format(input.dims)} does not fit weight of shape {Shape.Format(weight.dims)} (expected input [..., {(weight.dim() == 2 ? weight.dims[1] : -1)}])");
                if (bias is not null && (bias.dim() != 1 || bias.dims[0] != weight.dims[0]))
                    throw new ArgumentException($"linear: bias of shape {Shape.Format(bias.dims)} does not fit weight of shape {Shape.Format(weight.dims)} (expected [{weight.dims[0]}])");
                var y = input.matmul(weight.t());
                return bias is null ? y : y + bias;
            }

            /// <summary>Zeroes each element with probability p during training and scales the rest by 1/(1-p).</summary>
            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true, Generator? generator = null)
            {
                if (p < 0 || p > 1) throw new ArgumentException($"dropout: probability must be in [0, 1], got {p}");
                if (!training || p == 0) return input;
                if (p == 1) return input * 0;
                var keep = zeros(input.shape, dtype: input.dtype).bernoulli_(1 - p, generator);
                return input * keep / (1 - p);
            }

            /// <summary>Rows of <paramref name="weight"/> [num, dim] picked by int64 <paramref name="input"/>; output shape input.shape + [dim].</summary>
            /// <remarks>The row <paramref name="padding_idx"/>, if given, receives no gradient.</remarks>
            public static Tensor embedding(Tensor input, Tensor weight, long? padding_idx = null)
            {
                if (weight.dim() != 2) throw new ArgumentException($"embedding: weight must be 2-D [num_embeddings, dim], got {Shape.Format(weight.dims)}");
                if (padding_idx is long pad)
                {
                    var isPad = arange(weight.dims[0]).eq((double)(pad < 0 ? pad + weight.dims[0] : pad)).unsqueeze(1);
                    weight = where(isPad, weight.detach(), weight);
                }
                var rows = weight.index_select(0, input.reshape(-1));
                return rows.reshape([.. input.shape, weight.dims[1]]);
            }

            /// <summary>int64 class indices to one-hot int64 vectors (num_classes = max + 1 when -1).</summary>
            public static Tensor one_hot(Tensor tensor, long num_classes = -1)
            {
                if (tensor.dtype != ScalarType.Int64) throw new ArgumentException($"one_hot: expects an int64 tensor of class indices, got {tensor.dtype.TorchName()}");
                var labels = tensor.ToArray<long>();
                long classes = num_classes >= 0 ? num_classes : (labels.Length == 0 ? 0 : labels.Max() + 1);
                var data = new long[labels.Length * classes];
                for (int i = 0; i < labels.Length; i++)
                {
                    if (labels[i] < 0 || labels[i] >= classes)
                        throw new ArgumentException($"one_hot: class index {labels[i]} at position {i} is outside [0, {classes})");
                    data[i * classes + labels[i]] = 1;
                }
                return torch.tensor(data, [.. tensor.shape, classes]);
            }
        }
    }
}
