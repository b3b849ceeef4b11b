namespace GenCourse.Optim.lr_scheduler;

/// <summary>
/// Cosine annealing (Loshchilov &amp; Hutter 2017, without restarts):
/// lr = eta_min + (initial_lr - eta_min) (1 + cos(pi epoch / T_max)) / 2, reaching eta_min at epoch T_max
/// (beyond it the cosine continues and the rate rises again, as in PyTorch).
/// </summary>
public sealed class CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min = 0, int last_epoch = -1) : LRScheduler(optimizer, last_epoch)
{
    // Initialisers run before the base constructor sets the epoch-0 learning rate.
    public int T_max { get; } = T_max > 0 ? T_max : throw new ArgumentException($"CosineAnnealingLR: T_max must be positive, got {T_max}");

    public double eta_min { get; } = eta_min;

    protected override double LearningRate(double initialLr, int epoch, int group) =>
        eta_min + (initialLr - eta_min) * (1 + Math.Cos(Math.PI * epoch / T_max)) / 2;
}
