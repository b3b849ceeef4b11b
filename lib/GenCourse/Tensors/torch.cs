namespace GenCourse;

/// <summary>
/// Entry point mirroring TorchSharp's <c>torch</c>: <c>using static GenCourse.torch;</c> brings tensor creation,
/// <c>nn</c>, <c>optim</c>, <c>distributions</c> and <c>autograd</c> into scope.
/// </summary>
public static partial class torch
{
    public const ScalarType float32 = ScalarType.Float32;
    public const ScalarType float64 = ScalarType.Float64;
    public const ScalarType int64 = ScalarType.Int64;
    public const ScalarType @float = ScalarType.Float32;
    public const ScalarType @double = ScalarType.Float64;
    public const ScalarType @long = ScalarType.Int64;
    public const ScalarType @bool = ScalarType.Bool;

    static ScalarType defaultDType = ScalarType.Float32;
    static Generator defaultGenerator = new(0);

    /// <summary>The dtype of floating-point tensors created without an explicit dtype (float32 unless changed).</summary>
    public static ScalarType get_default_dtype() => defaultDType;

    public static void set_default_dtype(ScalarType dtype) =>
        defaultDType = dtype.IsFloatingPoint() ? dtype : throw new ArgumentException($"set_default_dtype: expects a floating-point dtype, got {dtype.TorchName()}");

    /// <summary>Reseeds the default generator used when no Generator is passed.</summary>
    public static Generator manual_seed(long seed) => defaultGenerator.manual_seed(seed);

    public static bool is_floating_point(ScalarType type) => type.IsFloatingPoint();

    public static bool is_floating_point(Tensor input) => input.dtype.IsFloatingPoint();

    /// <summary>The generator used when no Generator is passed.</summary>
    public static Generator default_generator => defaultGenerator;

    internal static Generator Gen(Generator? generator) => generator ?? defaultGenerator;

    /// <summary>Disables gradient recording until the returned scope is disposed: <c>using (torch.no_grad()) { ... }</c>.</summary>
    public static IDisposable no_grad() => GradMode.Set(false);

    /// <summary>Re-enables gradient recording inside a no_grad region.</summary>
    public static IDisposable enable_grad() => GradMode.Set(true);

    public static IDisposable set_grad_enabled(bool enabled) => GradMode.Set(enabled);

    public static bool is_grad_enabled() => GradMode.Enabled;

    /// <summary>Reverse-mode differentiation, like torch.autograd.</summary>
    public static class autograd
    {
        /// <summary>
        /// Gradients of <paramref name="outputs"/> (weighted by <paramref name="grad_outputs"/>, ones for scalars) with respect
        /// to <paramref name="inputs"/>, without touching any <c>.grad</c>. With <paramref name="create_graph"/> the
        /// result is itself differentiable (gradient penalties, higher derivatives). The graph is freed unless
        /// <paramref name="retain_graph"/> (TorchSharp's default false; PyTorch's default is create_graph), so a second
        /// differentiation through the same graph needs retain_graph: true. With <paramref name="allow_unused"/> an input
        /// that the outputs do not depend on gets null.
        /// </summary>
        public static IList<Tensor> grad(IList<Tensor> outputs, IList<Tensor> inputs, IList<Tensor>? grad_outputs = null,
            bool retain_graph = false, bool create_graph = false, bool allow_unused = false)
        {
            var roots = outputs.ToArray();
            var rootGrads = RootGradients(roots, grad_outputs, "autograd.grad");
            foreach (var t in inputs)
                if (!t.requires_grad)
                    throw new ArgumentException($"autograd.grad: an input of shape {Shape.Format(t.dims)} does not require grad");
            var result = Engine.Run(roots, rootGrads, retain_graph, create_graph, inputs.ToArray());
            for (int i = 0; i < result.Length; i++)
                if (result[i] is null && !allow_unused)
                    throw new ArgumentException($"autograd.grad: input {i} (shape {Shape.Format(inputs[i].dims)}) was not used to compute the outputs; pass allow_unused: true if that is intended");
            return Array.ConvertAll(result, g => g!);
        }

        /// <summary>
        /// The backward graph that produced <paramref name="t"/>, one node per line, indented by depth:
        /// what backward() will walk, from the output back to the leaves that require grad.
        /// </summary>
        public static string graph(Tensor t)
        {
            var lines = new List<string>();
            var seen = new HashSet<Node>(ReferenceEqualityComparer.Instance);
            void Walk(Tensor x, int depth)
            {
                string pad = new(' ', 2 * Math.Min(depth, 40));
                if (depth > 200)
                {
                    lines.Add(pad + "... (deeper nodes omitted)");
                    return;
                }
                if (x.gradFn is not Node node)
                {
                    lines.Add($"{pad}leaf {Shape.Format(x.dims)}{(x.requires_grad ? " (requires grad)" : "")}");
                    return;
                }
                if (!seen.Add(node))
                {
                    lines.Add($"{pad}{node.Name} (shared, shown above)");
                    return;
                }
                lines.Add($"{pad}{node.Name} -> {Shape.Format(x.dims)}");
                foreach (var input in node.Inputs)
                    if (input is not null) Walk(input, depth + 1);
            }
            Walk(t, 0);
            return string.Join("\n", lines);
        }

        internal static Tensor[] RootGradients(Tensor[] roots, IList<Tensor>? gradOutputs, string op)
        {
            if (gradOutputs != null && gradOutputs.Count != roots.Length)
                throw new ArgumentException($"{op}: got {gradOutputs.Count} grad_outputs for {roots.Length} outputs");
            var result = new Tensor[roots.Length];
            for (int i = 0; i < roots.Length; i++)
            {
                if (!roots[i].requires_grad)
                    throw new InvalidOperationException($"{op}: output {i} (shape {Shape.Format(roots[i].dims)}) does not require grad and has no grad_fn");
                if (gradOutputs?[i] is Tensor g)
                {
                    if (!g.dims.AsSpan().SequenceEqual(roots[i].dims))
                        throw new ArgumentException($"{op}: grad_output {i} has shape {Shape.Format(g.dims)} but the output has shape {Shape.Format(roots[i].dims)}");
                    result[i] = g;
                }
                else if (roots[i].Count == 1) result[i] = ones_like(roots[i]);
                else
                    throw new InvalidOperationException($"{op}: grad can be implicitly created only for scalar outputs; output {i} has shape {Shape.Format(roots[i].dims)}, so pass a gradient of that shape");
            }
            return result;
        }
    }
}
