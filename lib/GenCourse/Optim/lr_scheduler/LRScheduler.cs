namespace GenCourse.Optim.lr_scheduler;

/// <summary>
/// Base of the learning-rate schedulers (torch.optim.lr_scheduler). Construction attaches the scheduler and sets the
/// lr of epoch 0; each <see cref="step"/> (call it after optimizer.step()) advances <see cref="last_epoch"/> and sets
/// every group's lr to a closed-form function of the group's <c>initial_lr</c> and the epoch, PyTorch's
/// <c>_get_closed_form_lr</c>. So the sequence does not drift, but two schedulers on one optimizer do not compose:
/// the one stepped last sets the lr.
/// </summary>
public abstract class LRScheduler
{
    readonly double[] lastLr;

    /// <param name="optimizer">The optimizer whose param_groups' lr is set.</param>
    /// <param name="last_epoch">-1 to start; to resume, the last epoch of the interrupted run (the optimizer must
    /// then have been restored with load_state_dict, which brings back each group's initial_lr).</param>
    protected LRScheduler(Optimizer optimizer, int last_epoch)
    {
        this.optimizer = optimizer;
        if (last_epoch < -1) throw new ArgumentException($"{GetType().Name}: last_epoch must be -1 (start) or the epoch to resume from, got {last_epoch}");
        for (int i = 0; i < optimizer.param_groups.Count; i++)
        {
            var g = optimizer.param_groups[i];
            if (last_epoch == -1) g.initial_lr ??= g.lr;
            else if (g.initial_lr is null)
                throw new ArgumentException($"{GetType().Name}: param_groups[{i}] has no initial_lr, which resuming (last_epoch = {last_epoch}) needs; restore the optimizer with load_state_dict first");
        }
        base_lrs = optimizer.param_groups.Select(g => g.initial_lr!.Value).ToArray();
        lastLr = new double[base_lrs.Count];
        this.last_epoch = last_epoch;
        step();
    }

    public Optimizer optimizer { get; }

    /// <summary>The groups' initial learning rates the schedule is computed from.</summary>
    public IReadOnlyList<double> base_lrs { get; }

    /// <summary>The epoch (number of step() calls since the start) whose learning rates are set now.</summary>
    public int last_epoch { get; private set; }

    /// <summary>Advances one epoch and sets each group's learning rate for it.</summary>
    public void step()
    {
        last_epoch++;
        var groups = optimizer.param_groups;
        if (groups.Count != lastLr.Length)
            throw new InvalidOperationException($"{GetType().Name}.step: the optimizer has {groups.Count} parameter groups, the scheduler was created for {lastLr.Length}");
        for (int i = 0; i < groups.Count; i++) groups[i].lr = lastLr[i] = LearningRate(base_lrs[i], last_epoch, i);
    }

    /// <summary>The learning rate of each group set by the last step (or by construction).</summary>
    public IReadOnlyList<double> get_last_lr() => lastLr.ToArray();

    /// <summary>The learning rate at <paramref name="epoch"/> of group <paramref name="group"/> whose initial learning rate is <paramref name="initialLr"/>.</summary>
    protected abstract double LearningRate(double initialLr, int epoch, int group);
}
