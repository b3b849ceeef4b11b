namespace GenCourse;

public partial class Tensor
{
    /// <summary>
    /// Computes the gradient of this tensor with respect to every leaf that requires grad and adds it to
    /// their <c>.grad</c>. A non-scalar tensor needs <paramref name="gradient"/> (the vector in the vector-Jacobian product).
    /// </summary>
    public void backward(Tensor? gradient = null, bool? retain_graph = null, bool create_graph = false)
    {
        var roots = new[] { this };
        var grads = torch.autograd.RootGradients(roots, gradient is null ? null : [gradient], "backward");
        Engine.Run(roots, grads, retain_graph ?? create_graph, create_graph, null);
    }
}
