using static GenCourse.torch;
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

    protected ConvLayer(long[] weightShape, long biasSize, bool hasBias, ScalarType? dtype, Generator? generator)
    {
        if (weightShape.Any(d => d <= 0)) throw new ArgumentException($"{GetType().Name}: invalid sizes, weight shape would be {Shape.Format(weightShape)}");
        weight = new Parameter(empty(weightShape, dtype));
        init.kaiming_uniform_(weight, a: Math.Sqrt(5), generator: generator);
        if (hasBias)
        {
            bias = new Parameter(empty([biasSize], dtype));
            var (fanIn, _) = init.CalculateFans(weight);
            double bound = 1 / Math.Sqrt(fanIn);
            init.uniform_(bias, -bound, bound, generator);
        }
    }

    public override Tensor forward(Tensor input) => forward_with_weight(input, weight);

    public abstract Tensor forward_with_weight(Tensor input, Tensor weight);
}

/// <summary>2-D convolution layer over [N, C, H, W].</summary>
public sealed class Conv2d : ConvLayer
{
    public Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1,
        long groups = 1, bool hasBias = true, ScalarType? dtype = null, Generator? generator = null)
        : base([out_channels, in_channels / Math.Max(groups, 1), kernel_size, kernel_size], out_channels, hasBias, dtype, generator) =>
        (this.in_channels, this.out_channels, this.kernel_size, this.stride, this.padding, this.dilation, this.groups) =
        (in_channels, out_channels, kernel_size, stride, padding, dilation, groups);

    public long in_channels { get; }
    public long out_channels { get; }
    public long kernel_size { get; }
    public long stride { get; }
    public long padding { get; }
    public long dilation { get; }
    public long groups { get; }

    public override Tensor forward_with_weight(Tensor input, Tensor weight) =>
        functional.conv2d(input, weight, bias, [stride], [padding], [dilation], groups);

    protected override string ExtraRepr() =>
        $"{in_channels}, {out_channels}, kernel_size=({kernel_size}, {kernel_size}), stride=({stride}, {stride}), padding=({padding}, {padding})";
}

/// <summary>1-D convolution layer over [N, C, L].</summary>
public sealed class Conv1d : ConvLayer
{
    public Conv1d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1,
        long groups = 1, bool hasBias = true, ScalarType? dtype = null, Generator? generator = null)
        : base([out_channels, in_channels / Math.Max(groups, 1), kernel_size], out_channels, hasBias, dtype, generator) =>
        (this.in_channels, this.out_channels, this.kernel_size, this.stride, this.padding, this.dilation, this.groups) =
        (in_channels, out_channels, kernel_size, stride, padding, dilation, groups);

    public long in_channels { get; }
    public long out_channels { get; }
    public long kernel_size { get; }
    public long stride { get; }
    public long padding { get; }
    public long dilation { get; }
    public long groups { get; }

    public override Tensor forward_with_weight(Tensor input, Tensor weight) =>
        functional.conv1d(input, weight, bias, stride, padding, dilation, groups);

    protected override string ExtraRepr() => $"{in_channels}, {out_channels}, kernel_size=({kernel_size},), stride=({stride},)";
}

/// <summary>Transposed 2-D convolution (fractionally strided), the usual upsampling layer of DCGAN generators.</summary>
public sealed class ConvTranspose2d : ConvLayer
{
    public ConvTranspose2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0,
        long output_padding = 0, long groups = 1, bool hasBias = true, long dilation = 1, ScalarType? dtype = null, Generator? generator = null)
        : base([in_channels, out_channels / Math.Max(groups, 1), kernel_size, kernel_size], out_channels, hasBias, dtype, generator) =>
        (this.in_channels, this.out_channels, this.kernel_size, this.stride, this.padding, this.output_padding, this.groups, this.dilation) =
        (in_channels, out_channels, kernel_size, stride, padding, output_padding, groups, dilation);

    public long in_channels { get; }
    public long out_channels { get; }
    public long kernel_size { get; }
    public long stride { get; }
    public long padding { get; }
    public long output_padding { get; }
    public long groups { get; }
    public long dilation { get; }

    public override Tensor forward_with_weight(Tensor input, Tensor weight) =>
        functional.conv_transpose2d(input, weight, bias, [stride], [padding], [output_padding], groups, [dilation]);

    protected override string ExtraRepr() =>
        $"{in_channels}, {out_channels}, kernel_size=({kernel_size}, {kernel_size}), stride=({stride}, {stride}), padding=({padding}, {padding})";
}
