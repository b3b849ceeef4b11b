namespace GenCourse.Data;

/// <summary>
/// Transforms of image data as plain functions on tensors (apply them to whole datasets or to each batch),
/// with their inverses where one exists. Images in [0, 1] are the common currency: datasets deliver them so.
/// </summary>
public static class Transforms
{
    /// <summary>Stored integer values 0..<paramref name="maxValue"/> to [0, 1]: x / maxValue.</summary>
    public static Tensor ToUnitRange(Tensor x, double maxValue = 255) => x / maxValue;

    /// <summary>Inverse of <see cref="ToUnitRange"/>: x * maxValue.</summary>
    public static Tensor FromUnitRange(Tensor x, double maxValue = 255) => x * maxValue;

    /// <summary>[0, 1] to [-1, 1] (the range of a tanh output layer): 2x - 1.</summary>
    public static Tensor ToSymmetricRange(Tensor x) => x * 2 - 1;

    /// <summary>Inverse of <see cref="ToSymmetricRange"/>: (x + 1) / 2.</summary>
    public static Tensor FromSymmetricRange(Tensor x) => (x + 1) / 2;

    /// <summary>Fixed binarisation: 1 where x &gt; threshold, else 0 (same dtype as x).</summary>
    public static Tensor Binarize(Tensor x, double threshold = 0.5) => x.gt(threshold).to(x.dtype);   // comparisons give bool tensors on TorchSharp

    /// <summary>
    /// Stochastic binarisation: each value x in [0, 1] becomes 1 with probability x (a Bernoulli draw).
    /// Drawing anew every epoch gives "dynamically binarised" MNIST-style data (Salakhutdinov &amp; Murray, 2008).
    /// </summary>
    public static Tensor BinarizeStochastic(Tensor x, Generator? generator = null) => torch.bernoulli(x, generator);

    /// <summary>
    /// Uniform dequantisation of integer data x in {0, ..., levels-1}: y = (x + u) / levels, u ~ U[0, 1), so y lies in [0, 1)
    /// and a continuous density on y lower-bounds the discrete log-likelihood (Theis et al., 2016).
    /// </summary>
    public static Tensor Dequantize(Tensor x, Generator? generator = null, int levels = 256)
    {
        var type = x.dtype == ScalarType.Int64 ? ScalarType.Float32 : x.dtype;
        return (x + torch.rand(x.shape, generator: generator, dtype: type)) / levels;
    }

    /// <summary>Inverse of <see cref="Dequantize"/>: the integer level floor(y * levels), clamped to 0..levels-1.</summary>
    public static Tensor Quantize(Tensor y, int levels = 256) => (y * levels).floor().clamp(0, levels - 1);

    /// <summary>
    /// RealNVP's logit transform (Dinh et al., 2017, section 4.1) of x in [0, 1]: y = logit(alpha + (1 - 2 alpha) x),
    /// which keeps the values away from 0 and 1 before taking the logit.
    /// </summary>
    public static Tensor Logit(Tensor x, double alpha = 0.05)
    {
        var p = ShrinkTowardsHalf(x, alpha);
        return p.log() - (1 - p).log();
    }

    /// <summary>Inverse of <see cref="Logit"/>: x = (sigmoid(y) - alpha) / (1 - 2 alpha).</summary>
    public static Tensor InverseLogit(Tensor y, double alpha = 0.05) => (y.sigmoid() - alpha) / (1 - 2 * alpha);

    /// <summary>
    /// log |dy/dx| of <see cref="Logit"/> for every element: log(1 - 2 alpha) - log p - log(1 - p), p = alpha + (1 - 2 alpha) x.
    /// Sum it over the dimensions of one example to change a density from y-space to x-space.
    /// </summary>
    public static Tensor LogitLogAbsDetJacobian(Tensor x, double alpha = 0.05)
    {
        var p = ShrinkTowardsHalf(x, alpha);
        return Math.Log(1 - 2 * alpha) - p.log() - (1 - p).log();
    }

    static Tensor ShrinkTowardsHalf(Tensor x, double alpha)
    {
        if (!(alpha >= 0 && alpha < 0.5)) throw new ArgumentException($"logit transform: alpha must be in [0, 0.5), got {alpha}", nameof(alpha));
        return alpha + (1 - 2 * alpha) * x;
    }
}
