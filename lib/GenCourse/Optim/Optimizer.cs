using static GenCourse.torch.nn;

namespace GenCourse.Optim;

/// <summary>
/// A set of parameters sharing hyper-parameters, like one dict of PyTorch's <c>optimizer.param_groups</c>.
/// The learning rate and the weight decay can differ per group (e.g. no decay on biases); the other options
/// belong to the optimizer.
/// </summary>
public sealed class ParamGroup(IEnumerable<Parameter> parameters, double? lr = null, double? weight_decay = null)
{
    public List<Parameter> parameters { get; } = parameters.ToList();

    /// <summary>Learning rate; null takes the optimizer's default. Learning-rate schedulers set it.</summary>
    public double? lr { get; set; } = lr;

    /// <summary>Weight decay (L2 penalty; decoupled decay for AdamW); null takes the optimizer's default.</summary>
    public double? weight_decay { get; set; } = weight_decay;

    /// <summary>The group's learning rate under TorchSharp's name (set once the group belongs to an optimizer).</summary>
    public double LearningRate
    {
        get => lr ?? throw new InvalidOperationException("ParamGroup.LearningRate: the group belongs to no optimizer yet");
        set => lr = value;
    }

    /// <summary>The learning rate schedulers start from: set to <see cref="lr"/> by the first scheduler attached.</summary>
    public double? initial_lr { get; set; }
}

/// <summary>Base of the optimizers: parameter groups, per-parameter state, zero_grad, step and state_dict.</summary>
public abstract class Optimizer
{
    protected Optimizer(IEnumerable<ParamGroup> groups, double lr, double weight_decay)
    {
        param_groups = groups.ToList();
        if (param_groups.Count == 0 || param_groups.All(g => g.parameters.Count == 0))
            throw new ArgumentException($"{Name}: got an empty parameter list");
        if (AllParameters().Distinct(ReferenceEqualityComparer.Instance).Count() != AllParameters().Count())
            throw new ArgumentException($"{Name}: a parameter appears more than once in the parameter groups");
        foreach (var g in param_groups)
        {
            g.lr ??= lr;
            g.weight_decay ??= weight_decay;
            if (g.lr < 0) throw new ArgumentException($"{Name}: learning rate must be non-negative, got {g.lr}");
            if (g.weight_decay < 0) throw new ArgumentException($"{Name}: weight_decay must be non-negative, got {g.weight_decay}");
        }
    }

    string Name => GetType().Name;

    public List<ParamGroup> param_groups { get; }

    /// <summary>The parameter groups under TorchSharp's name, e.g. to set each group's LearningRate.</summary>
    public IEnumerable<ParamGroup> ParamGroups => param_groups;

    /// <summary>Number of step() calls so far.</summary>
    public long step_count { get; protected set; }

    /// <summary>Clears the gradients of every parameter: sets them to null (default) or fills them with zeros.</summary>
    public void zero_grad(bool set_to_none = true)
    {
        foreach (var p in AllParameters())
            if (set_to_none) p.grad = null;
            else if (p.grad is not null)
                using (torch.no_grad()) p.grad.zero_();
    }

    /// <summary>Applies one update to every parameter that has a gradient; parameters without one are left alone.</summary>
    public void step()
    {
        step_count++;
        using (torch.no_grad())
            foreach (var g in param_groups)
                foreach (var p in g.parameters)
                    if (p.grad is not null)
                    {
                        if (!p.grad.shape.SequenceEqual(p.shape))
                            throw new InvalidOperationException($"{Name}.step: a parameter of shape {Shape.Format(p.shape)} has a gradient of shape {Shape.Format(p.grad.shape)}");
                        Update(p, p.grad, g.lr!.Value, g.weight_decay!.Value);
                    }
    }

    /// <summary>Updates one parameter in place given its gradient and its group's learning rate and weight decay.</summary>
    protected abstract void Update(Parameter p, Tensor grad, double lr, double weightDecay);

    /// <summary>Gets (creating on first use, filled with <paramref name="initial"/>) a state buffer of the parameter's shape, e.g. Adam's first moment.</summary>
    protected Tensor State(Parameter p, string name, double initial = 0)
    {
        var buffers = StateOf(p).buffers;
        if (!buffers.TryGetValue(name, out var t)) buffers[name] = t = torch.full(p.shape, initial, dtype: p.dtype);
        return t;
    }

    /// <summary>Whether the parameter has the state buffer yet (SGD starts its momentum from the first gradient).</summary>
    protected bool HasState(Parameter p, string name) => state.TryGetValue(p, out var s) && s.buffers.ContainsKey(name);

    /// <summary>Counts a step of this parameter and returns its number (1 on the first update): parameters may start receiving gradients at different steps.</summary>
    protected long NextStep(Parameter p)
    {
        var s = StateOf(p);
        s.step = (s.step ?? 0) + 1;
        return s.step.Value;
    }

    /// <summary>
    /// A snapshot (copies) of the optimizer state, shaped like PyTorch's <c>optimizer.state_dict()</c>: the state of
    /// each parameter keyed by its index in param_groups order, and each group's settings with its parameters' indices.
    /// </summary>
    public OptimizerStateDict state_dict()
    {
        var parameters = AllParameters().ToList();
        var saved = new Dictionary<int, Dictionary<string, Tensor>>();
        for (int i = 0; i < parameters.Count; i++)
        {
            if (!state.TryGetValue(parameters[i], out var s)) continue;
            var entry = saved[i] = new Dictionary<string, Tensor>();
            if (s.step is long step) entry["step"] = torch.tensor(new[] { step }, []);
            foreach (var (name, buffer) in s.buffers) entry[name] = buffer.detach().clone();
        }
        var groups = new List<ParamGroupState>();
        int next = 0;
        foreach (var g in param_groups)
        {
            groups.Add(new ParamGroupState(g.lr!.Value, g.weight_decay!.Value, g.initial_lr, Enumerable.Range(next, g.parameters.Count).ToArray()));
            next += g.parameters.Count;
        }
        return new OptimizerStateDict(saved, groups);
    }

    /// <summary>
    /// Restores a state from <see cref="state_dict"/> (copied, cast to each parameter's dtype) so training resumes
    /// exactly; the groups' lr, weight_decay and initial_lr are restored too. The parameters are matched by position:
    /// the number of groups, of parameters per group and the buffer shapes must agree.
    /// </summary>
    public void load_state_dict(OptimizerStateDict state_dict)
    {
        var saved = state_dict.param_groups;
        if (saved.Count != param_groups.Count)
            throw new ArgumentException($"{Name}.load_state_dict: the state dict has {saved.Count} parameter group(s), this optimizer has {param_groups.Count}");
        var byIndex = new Dictionary<int, Parameter>();
        for (int i = 0; i < saved.Count; i++)
        {
            var indices = saved[i].param_indices;
            var own = param_groups[i].parameters;
            if (indices.Length != own.Count)
                throw new ArgumentException($"{Name}.load_state_dict: parameter group {i} has {indices.Length} parameter(s) in the state dict but {own.Count} in this optimizer");
            for (int j = 0; j < own.Count; j++) byIndex[indices[j]] = own[j];
        }
        var restored = new Dictionary<Parameter, ParameterState>(ReferenceEqualityComparer.Instance);
        foreach (var (index, entry) in state_dict.state)
        {
            if (!byIndex.TryGetValue(index, out var p))
                throw new ArgumentException($"{Name}.load_state_dict: the state dict has state for parameter index {index}, which none of its parameter groups lists");
            var s = restored[p] = new ParameterState();
            foreach (var (name, value) in entry)
            {
                if (name == "step")
                {
                    if (value.numel() != 1)
                        throw new ArgumentException($"{Name}.load_state_dict: \"step\" of parameter {index} must have one element, got shape {Shape.Format(value.shape)}");
                    s.step = value.item<long>();
                }
                else if (!value.shape.SequenceEqual(p.shape))
                    throw new ArgumentException($"{Name}.load_state_dict: \"{name}\" of parameter {index} has shape {Shape.Format(value.shape)} in the state dict but the parameter has shape {Shape.Format(p.shape)}");
                else s.buffers[name] = value.detach().to(p.dtype).clone();
            }
        }
        state.Clear();
        foreach (var (p, s) in restored) state[p] = s;
        for (int i = 0; i < saved.Count; i++)
            (param_groups[i].lr, param_groups[i].weight_decay, param_groups[i].initial_lr) = (saved[i].lr, saved[i].weight_decay, saved[i].initial_lr);
    }

    IEnumerable<Parameter> AllParameters() => param_groups.SelectMany(g => g.parameters);

    ParameterState StateOf(Parameter p) => state.TryGetValue(p, out var s) ? s : state[p] = new ParameterState();

    /// <summary>The state of one parameter: its step count (for optimizers that count steps) and named buffers.</summary>
    sealed class ParameterState
    {
        public long? step;
        public readonly Dictionary<string, Tensor> buffers = new();
    }

    readonly Dictionary<Parameter, ParameterState> state = new(ReferenceEqualityComparer.Instance);
}
