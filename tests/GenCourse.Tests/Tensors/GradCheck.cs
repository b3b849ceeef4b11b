using GenCourse;
using Xunit.Sdk;
using static GenCourse.torch;

namespace GenCourse.Tests.Tensors;

/// <summary>
/// Finite-difference checks of autograd, like torch.autograd.gradcheck / gradgradcheck: the analytic
/// Jacobian (one backward per output element) must match central differences in float64.
/// </summary>
public static class GradCheck
{
    /// <summary>Checks d f(inputs) / d inputs for every input that requires grad.</summary>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-6, double rtol = 1e-4, string what = "")
    {
        foreach (var x in inputs)
            if (x.requires_grad && x.dtype != ScalarType.Float64)
                throw new ArgumentException("gradcheck needs float64 inputs");
        var output = f(inputs);
        int outCount = (int)output.numel();
        var outputs0 = output.detach().ToArray<double>();
        for (int k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            if (!x.requires_grad) continue;
            int n = (int)x.numel();
            var analytic = new double[outCount, n];
            for (int o = 0; o < outCount; o++)
            {
                var seed = new double[outCount];
                seed[o] = 1;
                var y = f(inputs);
                var grads = autograd.grad([y], [x], [tensor(seed, y.shape)], allow_unused: true);
                var g = grads[0]?.ToArray<double>() ?? new double[n];
                for (int i = 0; i < n; i++) analytic[o, i] = g[i];
            }
            for (int i = 0; i < n; i++)
            {
                var plus = Perturbed(f, inputs, k, i, eps);
                var minus = Perturbed(f, inputs, k, i, -eps);
                for (int o = 0; o < outCount; o++)
                {
                    double numeric = (plus[o] - minus[o]) / (2 * eps);
                    double a = analytic[o, i];
                    if (Math.Abs(a - numeric) > atol + rtol * Math.Abs(numeric))
                        throw new XunitException(
                            $"gradcheck {what}: d output[{o}] / d input{k}[{i}]: analytic {a:R} vs numeric {numeric:R} (output {outputs0[o]:R})");
                }
            }
        }
    }

    static double[] Perturbed(Func<Tensor[], Tensor> f, Tensor[] inputs, int k, int i, double delta)
    {
        var x = inputs[k];
        var data = x.detach().ToArray<double>();
        data[i] += delta;
        var moved = tensor(data, x.shape, requires_grad: true);
        var args = (Tensor[])inputs.Clone();
        args[k] = moved;
        return f(args).detach().ToArray<double>();
    }

    /// <summary>Checks second derivatives: the vector-Jacobian product built with create_graph is itself gradient-checked.</summary>
    public static void CheckSecondOrder(Func<Tensor[], Tensor> f, Tensor[] inputs, ulong seed = 7, double atol = 1e-5, double rtol = 1e-3, string what = "")
    {
        var probe = f(inputs);
        var v = randn(probe.shape, generator: new Generator(seed), dtype: float64, requires_grad: true);
        Tensor VectorJacobian(Tensor[] args)
        {
            var xs = args[..inputs.Length];
            var y = f(xs);
            var targets = xs.Where(t => t.requires_grad).ToArray();
            var grads = autograd.grad([y], targets, [args[^1]], retain_graph: true, create_graph: true, allow_unused: true);   // the second order goes through this graph again
            var parts = grads.Select((g, j) => (g ?? zeros_like(targets[j])).reshape(-1)).ToList();
            return cat(parts);
        }
        Check(VectorJacobian, [.. inputs, v], atol: atol, rtol: rtol, what: what + " (second order)");
    }

    public static Tensor Input(ulong seed, params long[] shape) => randn(shape, generator: new Generator(seed), dtype: float64, requires_grad: true);

    public static Tensor Positive(ulong seed, params long[] shape) =>
        (rand(shape, generator: new Generator(seed), dtype: float64) + 0.5).detach().requires_grad_();
}
