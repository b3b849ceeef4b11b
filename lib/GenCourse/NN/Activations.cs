using static GenCourse.torch.nn;

namespace GenCourse.Modules;

/// <summary>An elementwise activation as a module, so it can sit in a Sequential.</summary>
public sealed class Activation(string name, Func<Tensor, Tensor> function, string extra = "") : Module<Tensor, Tensor>
{
    public string Name { get; } = name;

    public override Tensor forward(Tensor input) => function(input);

    protected override string ExtraRepr() => extra;

    public override string ToString() => Name + "(" + extra + ")";
}

/// <summary>Returns its input unchanged.</summary>
public sealed class Identity : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => input;
}

/// <summary>Flattens dims start_dim..end_dim (by default everything but the batch dim).</summary>
public sealed class Flatten(int start_dim = 1, int end_dim = -1) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => input.flatten(start_dim, end_dim);

    protected override string ExtraRepr() => $"start_dim={start_dim}, end_dim={end_dim}";
}

/// <summary>Splits dim into the given sizes (inverse of Flatten).</summary>
public sealed class Unflatten(int dim, long[] sizes) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => input.unflatten(dim, sizes);

    protected override string ExtraRepr() => $"dim={dim}, unflattened_size=({string.Join(", ", sizes)})";
}

/// <summary>Zeroes elements with probability p in training mode and rescales the rest.</summary>
public sealed class Dropout(double p = 0.5, Generator? generator = null) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) => functional.dropout(input, p, training, generator);

    protected override string ExtraRepr() => $"p={p}";
}

/// <summary>Upsampling of the spatial dims to a size or by a scale factor (F.interpolate as a module).</summary>
public sealed class Upsample(long[]? size, double[]? scale_factor, UpsampleMode mode, bool? align_corners, bool recompute_scale_factor) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input) =>
        functional.interpolate(input, size, scale_factor, (InterpolationMode)mode, align_corners, recompute_scale_factor);

    protected override string ExtraRepr() =>
        (size is null ? $"scale_factor={string.Join(", ", scale_factor ?? [])}" : $"size={string.Join(", ", size)}") + $", mode={mode}";
}

/// <summary>The Gaussian error linear unit x Phi(x), exact or with the tanh approximation.</summary>
public sealed class GELU(GELU.Approximate approximate) : Module<Tensor, Tensor>
{
    /// <summary>How Phi is computed: exactly (with erf) or by Hendrycks &amp; Gimpel's tanh form (TorchSharp's GELU.Approximate).</summary>
    public enum Approximate
    {
        none,
        tanh,
    }

    public override Tensor forward(Tensor input) => functional.gelu(input, approximate);

    protected override string ExtraRepr() => $"approximate={approximate}";
}
