namespace GenCourse.Optim;

/// <summary>
/// The state of an optimizer, shaped like PyTorch's <c>optimizer.state_dict()</c>: <see cref="state"/> maps a
/// parameter's index (counting through param_groups in order) to its "step" (an int64 scalar, for optimizers that
/// count steps) and buffers such as "exp_avg"; <see cref="param_groups"/> holds each group's settings and indices.
/// </summary>
public sealed class OptimizerStateDict(Dictionary<int, Dictionary<string, Tensor>> state, List<ParamGroupState> param_groups)
{
    public Dictionary<int, Dictionary<string, Tensor>> state { get; } = state;

    public List<ParamGroupState> param_groups { get; } = param_groups;
}

/// <summary>The saved settings of one parameter group and the indices of its parameters (PyTorch's "params").</summary>
public sealed record ParamGroupState(double lr, double weight_decay, double? initial_lr, int[] param_indices);
