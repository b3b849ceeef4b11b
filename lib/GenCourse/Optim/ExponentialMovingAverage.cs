using static GenCourse.torch.nn;

namespace GenCourse.Optim;

/// <summary>
/// Exponential moving average of a module's parameters (Polyak averaging), as used to sample from DDPM and for
/// historical averaging of GAN generators: after each optimizer step, <see cref="update"/> moves every average a
/// fraction 1 - decay towards the live value, shadow = decay shadow + (1 - decay) param. With
/// <c>use_num_updates</c> the n-th update uses min(decay, (1 + n) / (10 + n)), a warm-up that lets early averages
/// forget the initial weights (as in TensorFlow's ExponentialMovingAverage and the torch_ema package).
/// Parameters are matched by name, so the module may be converted with to(dtype) after the average is created.
/// </summary>
public sealed class ExponentialMovingAverage
{
    readonly Module module;
    readonly Dictionary<string, Tensor> shadow;
    Dictionary<string, Tensor>? stored;

    public ExponentialMovingAverage(Module module, double decay = 0.999, bool use_num_updates = false)
    {
        if (decay is < 0 or > 1) throw new ArgumentException($"ExponentialMovingAverage: decay must be in [0, 1], got {decay}");
        (this.module, this.decay, this.use_num_updates) = (module, decay, use_num_updates);
        shadow = Copy(module);
    }

    public double decay { get; }

    public bool use_num_updates { get; }

    /// <summary>Number of update() calls so far.</summary>
    public long num_updates { get; private set; }

    /// <summary>The averaged values by parameter name (the live averages: read, do not modify).</summary>
    public IReadOnlyDictionary<string, Tensor> shadow_params => shadow;

    /// <summary>Moves each average towards the module's current parameter values.</summary>
    public void update()
    {
        num_updates++;
        double d = use_num_updates ? Math.Min(decay, (1.0 + num_updates) / (10.0 + num_updates)) : decay;
        using (torch.no_grad())
            foreach (var (average, live) in Pairs(shadow, module, "update"))
                average.add_(live - average, 1 - d);                  // shadow += (1 - d) (param - shadow)
    }

    /// <summary>Writes the averages into the parameters of <paramref name="target"/> (by default the averaged module).</summary>
    public void copy_to(Module? target = null)
    {
        using (torch.no_grad())
            foreach (var (average, live) in Pairs(shadow, target ?? module, "copy_to"))
                live.copy_(average);
    }

    /// <summary>Saves a copy of the module's current (live) parameters, e.g. before copy_to for evaluation.</summary>
    public void store() => stored = Copy(module);

    /// <summary>Puts back the parameters saved by <see cref="store"/>.</summary>
    public void restore()
    {
        if (stored is null) throw new InvalidOperationException("ExponentialMovingAverage.restore: nothing stored; call store() first");
        using (torch.no_grad())
            foreach (var (saved, live) in Pairs(stored, module, "restore"))
                live.copy_(saved);
    }

    /// <summary>
    /// Swaps the averages into the module until the returned scope is disposed, then restores the live weights:
    /// <c>using (ema.average_parameters()) { sample(model); }</c>.
    /// </summary>
    public IDisposable average_parameters()
    {
        store();
        copy_to();
        return new RestoreOnDispose(this);
    }

    sealed class RestoreOnDispose(ExponentialMovingAverage ema) : IDisposable
    {
        public void Dispose() => ema.restore();
    }

    static Dictionary<string, Tensor> Copy(Module module) =>
        module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

    /// <summary>Pairs each saved tensor with the parameter of that name in <paramref name="target"/>; names and shapes must agree.</summary>
    static List<(Tensor saved, Parameter live)> Pairs(Dictionary<string, Tensor> saved, Module target, string op)
    {
        var parameters = target.named_parameters().ToList();
        var names = parameters.Select(p => p.name).ToHashSet();
        if (!names.SetEquals(saved.Keys))
            throw new ArgumentException($"ExponentialMovingAverage.{op}: the module's parameters [{string.Join(", ", names.Order())}] are not the averaged ones [{string.Join(", ", saved.Keys.Order())}]");
        foreach (var (name, live) in parameters)
            if (!saved[name].shape.SequenceEqual(live.shape))
                throw new ArgumentException($"ExponentialMovingAverage.{op}: parameter \"{name}\" has shape {Shape.Format(live.shape)}, its average has shape {Shape.Format(saved[name].shape)}");
        return parameters.Select(p => (saved[p.name], p.parameter)).ToList();
    }
}
