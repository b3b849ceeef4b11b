using static GenCourse.torch.nn;

namespace GenCourse.Modules;

/// <summary>Batch normalisation over the channel dim (1) of [N, C] / [N, C, L] (BatchNorm1d) or [N, C, H, W] (BatchNorm2d).</summary>
public sealed class BatchNorm : Module<Tensor, Tensor>
{
    public Parameter? weight;
    public Parameter? bias;
    public Tensor? running_mean;
    public Tensor? running_var;
    public Tensor? num_batches_tracked;
    readonly int[] ranks;
    readonly double eps, momentum;

    public BatchNorm(long num_features, int[] ranks, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool track_running_stats = true, ScalarType? dtype = null)
    {
        (this.ranks, this.eps, this.momentum) = (ranks, eps, momentum);
        if (affine)
        {
            weight = new Parameter(ones([num_features], dtype: dtype));
            bias = new Parameter(zeros([num_features], dtype: dtype));
        }
        if (track_running_stats)
        {
            running_mean = zeros([num_features], dtype: dtype);
            running_var = ones([num_features], dtype: dtype);
            num_batches_tracked = zeros([], dtype: int64);
        }
    }

    public override Tensor forward(Tensor input)
    {
        if (!ranks.Contains(input.dim()))
            throw new ArgumentException($"{Name}: expected input with {string.Join(" or ", ranks)} dimensions, got shape {Shape.Format(input.dims)}");
        bool useBatch = training || running_mean is null;
        if (training && num_batches_tracked is not null)
            using (no_grad()) num_batches_tracked.add_(1);
        return functional.batch_norm(input, running_mean, running_var, weight, bias, useBatch, momentum, eps);
    }

    string Name => ranks.Contains(4) ? "BatchNorm2d" : "BatchNorm1d";

    protected override string ExtraRepr() => $"{(weight ?? running_mean)?.shape[0]}, eps={eps}, momentum={momentum}, affine={weight is not null}";

    public override string ToString() => Name + "(" + ExtraRepr() + ")";
}

/// <summary>Layer normalisation over the trailing <c>normalized_shape</c> dims (Ba et al. 2016).</summary>
public sealed class LayerNorm : Module<Tensor, Tensor>
{
    public Parameter? weight;
    public Parameter? bias;
    readonly long[] normalizedShape;
    readonly double eps;

    public LayerNorm(long[] normalized_shape, double eps = 1e-5, bool elementwise_affine = true, ScalarType? dtype = null)
    {
        (normalizedShape, this.eps) = (normalized_shape, eps);
        if (elementwise_affine)
        {
            weight = new Parameter(ones(normalized_shape, dtype: dtype));
            bias = new Parameter(zeros(normalized_shape, dtype: dtype));
        }
    }

    public override Tensor forward(Tensor input) => functional.layer_norm(input, normalizedShape, weight, bias, eps);

    protected override string ExtraRepr() => $"({string.Join(", ", normalizedShape)}), eps={eps}";
}

/// <summary>Group normalisation (Wu &amp; He 2018): statistics over groups of channels, independent of the batch.</summary>
public sealed class GroupNorm : Module<Tensor, Tensor>
{
    public Parameter? weight;
    public Parameter? bias;
    readonly long groups;
    readonly double eps;

    public GroupNorm(long num_groups, long num_channels, double eps = 1e-5, bool affine = true, ScalarType? dtype = null)
    {
        if (num_groups <= 0 || num_channels % num_groups != 0)
            throw new ArgumentException($"GroupNorm: num_channels ({num_channels}) must be divisible by num_groups ({num_groups})");
        (groups, this.eps) = (num_groups, eps);
        if (affine)
        {
            weight = new Parameter(ones([num_channels], dtype: dtype));
            bias = new Parameter(zeros([num_channels], dtype: dtype));
        }
    }

    public override Tensor forward(Tensor input) => functional.group_norm(input, groups, weight, bias, eps);

    protected override string ExtraRepr() => $"{groups}, {weight?.shape[0]}, eps={eps}";
}

/// <summary>A lookup table of learned vectors, indexed by int64 ids.</summary>
public sealed class Embedding : Module<Tensor, Tensor>
{
    public Parameter weight;
    readonly long? paddingIdx;

    public Embedding(long num_embeddings, long embedding_dim, long? padding_idx = null, ScalarType? dtype = null, Generator? generator = null)
    {
        weight = new Parameter(randn([num_embeddings, embedding_dim], generator: generator, dtype: dtype));
        paddingIdx = padding_idx;
        if (padding_idx is long p)
            using (no_grad()) weight.select(0, p).zero_();
    }

    public override Tensor forward(Tensor input) => functional.embedding(input, weight, paddingIdx);

    protected override string ExtraRepr() => $"{weight.shape[0]}, {weight.shape[1]}";
}
