namespace GenCourse;

// Loss terms fused into one elementwise pass forward and one backward, as libtorch fuses them.
public partial class Tensor
{
    /// <summary>
    /// Elementwise binary cross-entropy of logits (this) against targets of the same shape and dtype:
    /// (1 - t) x + softplus(-x) = -[t log sigmoid(x) + (1 - t) log(1 - sigmoid(x))]; d/dx = sigmoid(x) - t, d/dt = -x.
    /// </summary>
    internal Tensor BinaryCrossEntropyWithLogits(Tensor target)
    {
        var x = this;
        return Engine.Record(Elementwise.BinaryCrossEntropyWithLogits(x, target), "BinaryCrossEntropyWithLogitsBackward", [x, target], g =>
        [
            // Without a graph to record (the usual backward), one fused pass; with create_graph, differentiable ops.
            x.requires_grad ? GradMode.Enabled ? g * (x.sigmoid() - target) : Elementwise.BinaryCrossEntropyWithLogitsGrad(g, x, target) : null,
            target.requires_grad ? -g * x : null,
        ], x, target);
    }
}
