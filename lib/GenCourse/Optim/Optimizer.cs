using static GenCourse.torch.nn;

namespace GenCourse.Optim;

/// <summary>A set of parameters sharing hyper-parameters (learning rate and the optimizer's options).</summary>
public sealed class ParamGroup(IEnumerable<Parameter> parameters, double? lr = null)
{
    public List<Parameter> parameters { get; } = parameters.ToList();

    /// <summary>Learning rate; null takes the optimizer's default.</summary>
    public double? lr { get; set; } = lr;

    /// <summary>The learning rate schedulers start from.</summary>
    public double initial_lr { get; set; }
}

/// <summary>Base of the optimizers: parameter groups, per-parameter state, zero_grad and step.</summary>
public abstract class Optimizer
{
    protected Optimizer(IEnumerable<ParamGroup> groups, double lr)
    {
        if (lr < 0) throw new ArgumentException($"{GetType().Name}: learning rate must be non-negative, got {lr}");
        param_groups = groups.ToList();
        if (param_groups.Count == 0 || param_groups.All(g => g.parameters.Count == 0))
            throw new ArgumentException($"{GetType().Name}: got an empty parameter list");
        foreach (var g in param_groups)
        {
            g.lr ??= lr;
            g.initial_lr = g.lr.Value;
        }
    }

    public List<ParamGroup> param_groups { get; }

    /// <summary>Number of step() calls so far.</summary>
    public long step_count { get; protected set; }

    /// <summary>Clears the gradients of every parameter (sets them to null).</summary>
    public void zero_grad()
    {
        foreach (var g in param_groups)
            foreach (var p in g.parameters) p.grad = null;
    }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void step()
    {
        step_count++;
        using (torch.no_grad())
            foreach (var g in param_groups)
                foreach (var p in g.parameters)
                    if (p.grad is not null)
                    {
                        if (!p.grad.shape.SequenceEqual(p.shape))
                            throw new InvalidOperationException($"{GetType().Name}.step: a parameter of shape {Shape.Format(p.shape)} has a gradient of shape {Shape.Format(p.grad.shape)}");
                        Update(p, p.grad, g.lr!.Value);
                    }
    }

    /// <summary>Updates one parameter in place given its gradient.</summary>
    protected abstract void Update(Parameter p, Tensor grad, double lr);

    /// <summary>Gets (creating on first use) a state buffer of the parameter's shape, e.g. Adam's first moment.</summary>
    protected Tensor State(Parameter p, string name)
    {
        if (!state.TryGetValue(p, out var buffers)) state[p] = buffers = new Dictionary<string, Tensor>();
        if (!buffers.TryGetValue(name, out var t)) buffers[name] = t = torch.zeros(p.shape, p.dtype);
        return t;
    }

    /// <summary>Per-parameter step counts (parameters may start receiving gradients at different steps).</summary>
    protected long NextStep(Parameter p) => steps[p] = steps.GetValueOrDefault(p) + 1;

    readonly Dictionary<Parameter, Dictionary<string, Tensor>> state = new(ReferenceEqualityComparer.Instance);
    readonly Dictionary<Parameter, long> steps = new(ReferenceEqualityComparer.Instance);
}
