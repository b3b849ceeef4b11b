using static GenCourse.torch.nn;

namespace GenCourse.Modules;

/// <summary>A layer whose forward is a functional op of its input and a weight, so the weight can be re-parameterised (spectral norm).</summary>
public interface IWeightedLayer
{
    Parameter weight { get; }

    Tensor forward_with_weight(Tensor input, Tensor weight);
}

/// <summary>Shared initialisation of convolution layers (PyTorch's kaiming-uniform with a = sqrt(5), bias in +-1/sqrt(fan_in)).</summary>
public abstract class ConvLayer : Module<Tensor, Tensor>, IWeightedLayer
{
    public Parameter weight { get; private set; }
    public Parameter? bias { get; private set; }

    protected ConvLayer(long[] weightShape, long biasSize, bool hasBias, ScalarType? dtype, Generator? generator,
        (long inChannels, long outChannels, long kernelSize, long stride, long padding, long dilation, long groups) hyper)
    {
        (in_channels, out_channels, kernel_size, stride, padding, dilation, groups) = hyper;
        if (weightShape.Any(d => d <= 0)) throw new ArgumentException($"{GetType().Name}: invalid sizes, weight shape would be {Shape.Format(weightShape)}");
        weight = new Parameter(empty(weightShape, dtype: dtype));
        init.kaiming_uniform_(weight, a: Math.Sqrt(5), generator: generator);
        if (hasBias)
        {
            bias = new Parameter(empty([biasSize], dtype: dtype));
            var (fanIn, _) = init.CalculateFans(weight);
            double bound = 1 / Math.Sqrt(fanIn);
            init.uniform_(bias, -bound, bound, generator);
        }
    }

    public long in_channels { get; }
    public long out_channels { get; }
    public long kernel_size { get; }
    public long stride { get; }
    public long padding { get; }
    public long dilation { get; }
    public long groups { get; }

    public override Tensor forward(Tensor input) => forward_with_weight(input, weight);

    public abstract Tensor forward_with_weight(Tensor input, Tensor weight);

    protected override string ExtraRepr() =>
        $"{in_channels}, {out_channels}, kernel_size={kernel_size}, stride={stride}, padding={padding}";
}

/// <summary>2-D convolution layer over [N, C, H, W].</summary>
public sealed class Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1,
        long groups = 1, bool hasBias = true, ScalarType? dtype = null, Generator? generator = null)
    : ConvLayer([out_channels, in_channels / Math.Max(groups, 1), kernel_size, kernel_size], out_channels, hasBias, dtype, generator,
        (in_channels, out_channels, kernel_size, stride, padding, dilation, groups))
{
    public override Tensor forward_with_weight(Tensor input, Tensor weight) =>
        functional.conv2d(input, weight, bias, [this.stride], [this.padding], [this.dilation], this.groups);
}

/// <summary>1-D convolution layer over [N, C, L].</summary>
public sealed class Conv1d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1,
        long groups = 1, bool hasBias = true, ScalarType? dtype = null, Generator? generator = null)
    : ConvLayer([out_channels, in_channels / Math.Max(groups, 1), kernel_size], out_channels, hasBias, dtype, generator,
        (in_channels, out_channels, kernel_size, stride, padding, dilation, groups))
{
    public override Tensor forward_with_weight(Tensor input, Tensor weight) =>
        functional.conv1d(input, weight, bias, this.stride, this.padding, this.dilation, this.groups);
}

/// <summary>Transposed 2-D convolution (fractionally strided), the usual upsampling layer of DCGAN generators.</summary>
public sealed class ConvTranspose2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0,
        long output_padding = 0, long dilation = 1, long groups = 1, bool hasBias = true, ScalarType? dtype = null, Generator? generator = null)
    : ConvLayer([in_channels, out_channels / Math.Max(groups, 1), kernel_size, kernel_size], out_channels, hasBias, dtype, generator,
        (in_channels, out_channels, kernel_size, stride, padding, dilation, groups))
{
    public long output_padding { get; } = output_padding;

    public override Tensor forward_with_weight(Tensor input, Tensor weight) =>
        functional.conv_transpose2d(input, weight, bias, [this.stride], [this.padding], [this.output_padding], [this.dilation], this.groups);
}
