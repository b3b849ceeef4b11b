using static GenCourse.torch.nn;

namespace GenCourse.Modules;

/// <summary>
/// Wraps a Linear/Conv layer so its forward uses W / sigma(W), sigma estimated by power iteration on the weight
/// reshaped to [out, -1]; u and v are buffers updated in training mode only (like torch.nn.utils.spectral_norm).
/// </summary>
public sealed class SpectralNorm : Module<Tensor, Tensor>
{
    readonly Module<Tensor, Tensor> module;
    readonly IWeightedLayer layer;
    public Tensor weight_u, weight_v;
    readonly int iterations;
    readonly double eps;

    internal SpectralNorm(Module<Tensor, Tensor> module, int iterations, double eps, Generator? generator)
    {
        if (module is not IWeightedLayer weighted) throw new ArgumentException($"spectral_norm: {module.GetType().Name} has no weight to normalise");
        if (iterations < 1) throw new ArgumentException($"spectral_norm: n_power_iterations must be >= 1, got {iterations}");
        (this.module, layer, this.iterations, this.eps) = (module, weighted, iterations, eps);
        var w = Matrix();
        weight_u = Normalize(randn([w.shape[0]], generator: generator, dtype: w.dtype));
        weight_v = Normalize(randn([w.shape[1]], generator: generator, dtype: w.dtype));
    }

    // ConvTranspose2d stores [in, out, ...]: PyTorch normalises it along dim 1; other layers along dim 0.
    Tensor Matrix() => module is ConvTranspose2d
        ? layer.weight.transpose(0, 1).reshape(layer.weight.shape[1], -1)
        : layer.weight.reshape(layer.weight.shape[0], -1);

    Tensor Normalize(Tensor x) => x / (x.norm() + eps);

    /// <summary>The current estimate of the largest singular value.</summary>
    public Tensor Sigma()
    {
        var w = Matrix();
        return weight_u.matmul(w.matmul(weight_v));
    }

    public override Tensor forward(Tensor input)
    {
        if (training)
            using (no_grad())
            {
                var w = Matrix().detach();
                for (int i = 0; i < iterations; i++)
                {
                    weight_v.copy_(Normalize(w.t().matmul(weight_u)));
                    weight_u.copy_(Normalize(w.matmul(weight_v)));
                }
            }
        return layer.forward_with_weight(input, layer.weight / Sigma());
    }
}
