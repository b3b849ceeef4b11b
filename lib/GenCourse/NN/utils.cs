namespace GenCourse;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Gradient clipping, flattening parameters, spectral normalisation (torch.nn.utils).</summary>
        public static class utils
        {
            /// <summary>Scales all gradients so that their joint norm is at most max_norm; returns the norm before clipping.</summary>
            public static double clip_grad_norm_(IEnumerable<Parameter> parameters, double max_norm, double norm_type = 2)
            {
                var grads = parameters.Where(p => p.grad is not null).Select(p => p.grad!).ToList();
                if (grads.Count == 0) return 0;
                double total;
                using (no_grad())
                {
                    total = double.IsPositiveInfinity(norm_type)
                        ? grads.Max(g => g.abs().max().item<double>())
                        : Math.Pow(grads.Sum(g => Math.Pow(linalg.vector_norm(g, norm_type).to(float64).item<double>(), norm_type)), 1 / norm_type);
                    double scale = max_norm / (total + 1e-6);
                    if (scale < 1) foreach (var g in grads) g.mul_(scale);
                }
                return total;
            }

            /// <summary>Clamps every gradient element to [-clip_value, clip_value].</summary>
            public static void clip_grad_value_(IEnumerable<Parameter> parameters, double clip_value)
            {
                using (no_grad())
                    foreach (var p in parameters)
                        p.grad?.clamp_(-clip_value, clip_value);
            }

            /// <summary>All parameters flattened and concatenated into one vector (differentiable).</summary>
            public static Tensor parameters_to_vector(IEnumerable<Parameter> parameters) =>
                cat(parameters.Select(p => p.reshape(-1)).ToList());

            /// <summary>Copies consecutive slices of <paramref name="vector"/> into the parameters.</summary>
            public static void vector_to_parameters(Tensor vector, IEnumerable<Parameter> parameters)
            {
                var list = parameters.ToList();
                long total = list.Sum(p => p.numel());
                if (vector.dim() != 1 || vector.numel() != total)
                    throw new ArgumentException($"vector_to_parameters: expected a vector of {total} elements, got shape {Shape.Format(vector.shape)}");
                long offset = 0;
                using (no_grad())
                    foreach (var p in list)
                    {
                        p.copy_(vector.narrow(0, offset, p.numel()).reshape(p.shape));
                        offset += p.numel();
                    }
            }

            /// <summary>
            /// Spectral normalisation (Miyato et al. 2018): the layer's weight is divided by its largest singular value,
            /// estimated with <paramref name="n_power_iterations"/> steps of power iteration per training forward.
            /// </summary>
            public static SpectralNorm spectral_norm<T>(T module, int n_power_iterations = 1, double eps = 1e-12, Generator? generator = null)
                where T : Module<Tensor, Tensor>, IWeightedLayer =>
                new(module, n_power_iterations, eps, generator);
        }
    }
}
