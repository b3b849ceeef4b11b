using static GenCourse.torch.nn;

namespace GenCourse.Modules;

/// <summary>y = x W^T + b, initialised like PyTorch (uniform in +-1/sqrt(in_features)).</summary>
public sealed class Linear : Module<Tensor, Tensor>, IWeightedLayer
{
    public Parameter weight { get; private set; }
    public Parameter? bias { get; private set; }

    public Linear(long in_features, long out_features, bool hasBias = true, ScalarType? dtype = null, Generator? generator = null)
    {
        if (in_features <= 0 || out_features <= 0)
            throw new ArgumentException($"Linear: sizes must be positive, got in_features={in_features}, out_features={out_features}");
        weight = new Parameter(empty([out_features, in_features], dtype: dtype));
        init.kaiming_uniform_(weight, a: Math.Sqrt(5), generator: generator);
        if (hasBias)
        {
            bias = new Parameter(empty([out_features], dtype: dtype));
            double bound = 1 / Math.Sqrt(in_features);
            init.uniform_(bias, -bound, bound, generator);
        }
    }

    public long in_features => weight.size(1);

    public long out_features => weight.size(0);

    public override Tensor forward(Tensor input) => functional.linear(input, weight, bias);

    public Tensor forward_with_weight(Tensor input, Tensor weight) => functional.linear(input, weight, bias);

    protected override string ExtraRepr() => $"in_features={in_features}, out_features={out_features}, bias={bias is not null}";
}
