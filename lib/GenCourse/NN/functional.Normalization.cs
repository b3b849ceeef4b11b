namespace GenCourse;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            static long[] ChannelShape(Tensor x) => Enumerable.Range(0, x.dim()).Select(i => i == 1 ? (long)x.dims[1] : 1L).ToArray();

            /// <summary>
            /// Batch normalisation over [N, C, ...]: in training, normalises with the batch statistics (biased variance)
            /// and updates the running statistics in place with the unbiased variance (running = (1 - momentum) running + momentum batch);
            /// in evaluation, normalises with the running statistics.
            /// </summary>
            public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null, Tensor? bias = null,
                bool training = false, double momentum = 0.1, double eps = 1e-5)
            {
                if (input.dim() < 2) throw new ArgumentException($"batch_norm: expects input [N, C, ...], got shape {Shape.Format(input.dims)}");
                int c = input.dims[1];
                foreach (var (name, t) in new[] { ("running_mean", running_mean), ("running_var", running_var), ("weight", weight), ("bias", bias) })
                    if (t is not null && (t.dim() != 1 || t.dims[0] != c))
                        throw new ArgumentException($"batch_norm: {name} has shape {Shape.Format(t.dims)}, expected [{c}] for input {Shape.Format(input.dims)}");
                var reduce = Enumerable.Range(0, input.dim()).Where(i => i != 1).Select(i => (long)i).ToArray();
                var cs = ChannelShape(input);
                Tensor mean, variance;
                if (training)
                {
                    long n = input.numel() / c;
                    if (n <= 1) throw new ArgumentException($"batch_norm: expected more than 1 value per channel when training, got input {Shape.Format(input.dims)}");
                    mean = input.mean(reduce, keepdim: true);
                    variance = (input - mean).square().mean(reduce, keepdim: true);
                    using (no_grad())
                    {
                        running_mean?.mul_(1 - momentum).add_(mean.detach().reshape(c) * momentum);
                        running_var?.mul_(1 - momentum).add_(variance.detach().reshape(c) * (momentum * n / (n - 1)));
                    }
                }
                else
                {
                    if (running_mean is null || running_var is null)
                        throw new ArgumentException("batch_norm: evaluation mode needs running_mean and running_var");
                    mean = running_mean.reshape(cs);
                    variance = running_var.reshape(cs);
                }
                var y = (input - mean) * (variance + eps).rsqrt();
                if (weight is not null) y = y * weight.reshape(cs);
                if (bias is not null) y = y + bias.reshape(cs);
                return y;
            }

            /// <summary>Normalises over the last dims given by <paramref name="normalized_shape"/> (biased variance), then scales and shifts.</summary>
            public static Tensor layer_norm(Tensor input, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
            {
                int k = normalized_shape.Length;
                if (k == 0 || k > input.dim() || !input.shape[^k..].SequenceEqual(normalized_shape))
                    throw new ArgumentException($"layer_norm: normalized_shape {Shape.Format(normalized_shape)} does not match the last dims of input {Shape.Format(input.dims)}");
                var dims = Enumerable.Range(input.dim() - k, k).Select(d => (long)d).ToArray();
                var mean = input.mean(dims, keepdim: true);
                var variance = (input - mean).square().mean(dims, keepdim: true);
                var y = (input - mean) * (variance + eps).rsqrt();
                if (weight is not null) y = y * weight;
                if (bias is not null) y = y + bias;
                return y;
            }

            /// <summary>Normalises [N, C, ...] within groups of C / <paramref name="num_groups"/> channels, then applies per-channel weight and bias.</summary>
            public static Tensor group_norm(Tensor input, long num_groups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
            {
                if (input.dim() < 2 || num_groups <= 0 || input.dims[1] % num_groups != 0)
                    throw new ArgumentException($"group_norm: the {(input.dim() >= 2 ? input.dims[1] : 0)} channels of input {Shape.Format(input.dims)} cannot be split into {num_groups} groups");
                var grouped = input.reshape(input.dims[0], num_groups, -1);
                var mean = grouped.mean(2, keepdim: true);
                var variance = (grouped - mean).square().mean(2, keepdim: true);
                var y = ((grouped - mean) * (variance + eps).rsqrt()).reshape(input.shape);
                var cs = ChannelShape(input);
                if (weight is not null) y = y * weight.reshape(cs);
                if (bias is not null) y = y + bias.reshape(cs);
                return y;
            }
        }
    }
}
