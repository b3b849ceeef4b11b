namespace GenCourse.Optim.lr_scheduler;

/// <summary>Sets lr = initial_lr * lr_lambda(epoch), with one function for all groups or one per group.</summary>
public sealed class LambdaLR(Optimizer optimizer, IReadOnlyList<Func<int, double>> lr_lambdas, int last_epoch = -1) : LRScheduler(optimizer, last_epoch)
{
    // The initialiser runs before the base constructor sets the epoch-0 learning rate.
    readonly Func<int, double>[] lambdas = lr_lambdas.Count == optimizer.param_groups.Count
        ? lr_lambdas.ToArray()
        : throw new ArgumentException($"LambdaLR: got {lr_lambdas.Count} lr_lambdas for {optimizer.param_groups.Count} parameter groups");

    public LambdaLR(Optimizer optimizer, Func<int, double> lr_lambda, int last_epoch = -1)
        : this(optimizer, Enumerable.Repeat(lr_lambda, optimizer.param_groups.Count).ToArray(), last_epoch) { }

    protected override double LearningRate(double initialLr, int epoch, int group) => initialLr * lambdas[group](epoch);
}
