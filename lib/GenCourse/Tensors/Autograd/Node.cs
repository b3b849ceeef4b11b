namespace GenCourse;

/// <summary>
/// One recorded operation in the autograd graph: the tensors it read, and its backward function mapping
/// the gradient of its output to the gradients of those inputs. Backward functions are written with
/// differentiable tensor ops, so running them with grad enabled builds a graph of the gradient itself.
/// </summary>
internal sealed class Node
{
    public readonly string Name;
    public readonly Tensor?[] Inputs;
    readonly (Tensor tensor, int version)[] saved;
    Func<Tensor, Tensor?[]>? backward;
    WeakReference<Tensor>? output;

    public Node(string name, Tensor?[] inputs, Func<Tensor, Tensor?[]> backward, Tensor[] saved)
    {
        Name = name;
        Inputs = inputs;
        this.backward = backward;
        this.saved = Array.ConvertAll(saved, t => (t, t.Version));
    }

    public Tensor? Output => output != null && output.TryGetTarget(out var t) ? t : null;

    public void SetOutput(Tensor t) => output = new WeakReference<Tensor>(t);

    public Tensor?[] Apply(Tensor gradOutput)
    {
        if (backward == null)
            throw new InvalidOperationException(
                $"{Name}: trying to backward through the graph a second time; its saved tensors were freed after the first backward. " +
                "Pass retain_graph: true to the first backward()/autograd.grad() if you need to go through it again.");
        foreach (var (t, version) in saved)
            if (t.Version != version)
                throw new InvalidOperationException(
                    $"{Name}: a tensor of shape {Shape.Format(t.dims)} that this operation saved for its gradient was modified in place " +
                    $"(version {version} when saved, {t.Version} now); gradients would be wrong. Use an out-of-place operation or clone() first.");
        return backward(gradOutput);
    }

    public void Release() => backward = null;
}
