namespace GenCourse.Benchmarks.Steps;

/// <summary>F.conv2d without bias on random float32 input and weights, padding keeping the size at stride 1.</summary>
public static class Convolution
{
    /// <summary>
    /// The forward pass (under no_grad) and the forward pass with both gradients (input and weight, from a fixed
    /// random output gradient, through autograd.grad so no .grad accumulates).
    /// </summary>
    public static (Action forward, Action forwardBackward) Prepare(int n, int channels, int size, int filters, int kernel, int padding)
    {
        var generator = new Generator(0);
        var x = randn([n, channels, size, size], generator: generator, requires_grad: true);
        var w = randn([filters, channels, kernel, kernel], generator: generator, requires_grad: true);
        long outputSize = size + 2 * padding - kernel + 1;
        var dy = randn([n, filters, outputSize, outputSize], generator: generator);
        void Forward()
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            F.conv2d(x, w, padding: [padding]);
        }
        void ForwardBackward()
        {
            using var scope = NewDisposeScope();
            autograd.grad([F.conv2d(x, w, padding: [padding])], [x, w], [dy]);
        }
        return (Forward, ForwardBackward);
    }
}
