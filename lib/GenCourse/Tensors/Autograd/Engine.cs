namespace GenCourse;

/// <summary>Reverse-mode differentiation over the recorded graph.</summary>
internal static class Engine
{
    /// <summary>Attaches a backward function to <paramref name="output"/> when grad mode is on and an input requires grad.</summary>
    public static Tensor Record(Tensor output, string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, params Tensor[] saved)
    {
        if (!GradMode.Enabled || !output.dtype.IsFloatingPoint()) return output;   // int64 and bool results carry no gradient, as in PyTorch
        bool any = false;
        foreach (var t in inputs) any |= t.requires_grad;
        if (!any) return output;
        var node = new Node(name, Array.ConvertAll(inputs, t => t.requires_grad ? t : null), backward, saved);
        node.SetOutput(output);
        output.AttachGradFn(node);
        return output;
    }

    /// <summary>
    /// Propagates <paramref name="rootGrads"/> from <paramref name="roots"/> through the graph. When
    /// <paramref name="targets"/> is null, gradients accumulate into leaves' <c>.grad</c> (backward());
    /// otherwise the gradients of exactly those tensors are returned and no <c>.grad</c> is touched (autograd.grad()).
    /// </summary>
    public static Tensor?[] Run(Tensor[] roots, Tensor[] rootGrads, bool retainGraph, bool createGraph, Tensor[]? targets)
    {
        var order = TopologicalOrder(roots);
        var targetIndex = new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
        if (targets != null)
            for (int i = 0; i < targets.Length; i++) targetIndex.TryAdd(targets[i], i);
        var results = new Tensor?[targets?.Length ?? 0];
        var pending = new Dictionary<Node, Tensor>(ReferenceEqualityComparer.Instance);
        var fresh = new FreshGradients(Storage.NextSerial);

        using var mode = GradMode.Set(createGraph);
        for (int i = 0; i < roots.Length; i++) Deliver(roots[i], rootGrads[i]);

        foreach (var node in order)
        {
            if (!pending.Remove(node, out var g)) continue;
            var output = node.Output;
            if (output != null)
            {
                if (targets == null && output.retainsGrad) output.grad = Accumulate(output.grad, g, createGraph, fresh);
                if (targets != null && targetIndex.TryGetValue(output, out int ti)) results[ti] = Sum(results[ti], g);
            }
            var inputGrads = node.Apply(g);
            if (!retainGraph) node.Release();
            for (int i = 0; i < node.Inputs.Length; i++)
            {
                var input = node.Inputs[i];
                var gi = inputGrads[i];
                if (input == null || gi is null) continue;
                if (!gi.dims.AsSpan().SequenceEqual(input.dims))
                    throw new InvalidOperationException(
                        $"{node.Name}: backward produced a gradient of shape {Shape.Format(gi.dims)} for input {i} of shape {Shape.Format(input.dims)}");
                Deliver(input, gi);
            }
        }
        return results;

        void Deliver(Tensor t, Tensor g)
        {
            if (t.gradFn != null)
            {
                pending[t.gradFn] = pending.TryGetValue(t.gradFn, out var acc) ? acc + g : g;
            }
            else if (targets != null)
            {
                if (targetIndex.TryGetValue(t, out int ti)) results[ti] = Sum(results[ti], g);
            }
            else if (t.requires_grad)
            {
                t.grad = Accumulate(t.grad, g, createGraph, fresh);
            }
        }
    }

    static Tensor Sum(Tensor? acc, Tensor g) => acc is null ? g : acc + g;

    /// <summary>
    /// New .grad = old + g. The first gradient is copied so that no two .grad share one buffer and none aliases a
    /// tensor the caller holds, unless this pass made its buffer and gave it to no other .grad: then it is taken as
    /// it is (PyTorch likewise steals a gradient nothing else references), which saves a copy of every weight gradient.
    /// </summary>
    static Tensor Accumulate(Tensor? existing, Tensor g, bool createGraph, FreshGradients fresh)
    {
        if (existing is null) return createGraph ? g : fresh.TryTake(g) ? g.detach() : g.detach().clone();
        var sum = existing + g;
        return createGraph ? sum : sum.detach();
    }

    /// <summary>
    /// Storages made during one backward pass (serial at least <paramref name="firstSerial"/>): only the pass's own
    /// gradients refer to them, since backward functions neither keep what they compute nor hand it elsewhere.
    /// </summary>
    sealed class FreshGradients(long firstSerial)
    {
        readonly HashSet<Storage> taken = new(ReferenceEqualityComparer.Instance);

        /// <summary>Whether g fills a storage of this pass that no .grad has yet; if so, it is now taken.</summary>
        public bool TryTake(Tensor g) =>
            g.storage.Serial >= firstSerial && g.offset == 0 && g.Count == g.storage.Length && g.is_contiguous()
            && taken.Add(g.storage);
    }

    /// <summary>Nodes reachable from the roots, each after every node that feeds gradient into it.</summary>
    static List<Node> TopologicalOrder(Tensor[] roots)
    {
        var visited = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var postOrder = new List<Node>();
        var stack = new Stack<(Node node, int next)>();
        foreach (var root in roots)
        {
            if (root.gradFn == null || !visited.Add(root.gradFn)) continue;
            stack.Push((root.gradFn, 0));
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < node.Inputs.Length)
                {
                    stack.Push((node, next + 1));
                    var child = node.Inputs[next]?.gradFn;
                    if (child != null && visited.Add(child)) stack.Push((child, 0));
                }
                else postOrder.Add(node);
            }
        }
        postOrder.Reverse();
        return postOrder;
    }
}
