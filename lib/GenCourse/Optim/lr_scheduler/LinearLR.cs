namespace GenCourse.Optim.lr_scheduler;

/// <summary>
/// Scales the learning rate by a factor moving linearly from start_factor to end_factor over total_iters epochs,
/// then kept: lr = initial_lr (start + (end - start) min(epoch, total_iters) / total_iters). With end_factor 1 it is
/// a linear warm-up.
/// </summary>
public sealed class LinearLR(Optimizer optimizer, double start_factor = 1.0 / 3, double end_factor = 1.0, int total_iters = 5, int last_epoch = -1)
    : LRScheduler(optimizer, last_epoch)
{
    // Initialisers run before the base constructor sets the epoch-0 learning rate.
    public double start_factor { get; } = start_factor is >= 0 and <= 1 ? start_factor : throw new ArgumentException($"LinearLR: start_factor must be in [0, 1], got {start_factor}");

    public double end_factor { get; } = end_factor is >= 0 and <= 1 ? end_factor : throw new ArgumentException($"LinearLR: end_factor must be in [0, 1], got {end_factor}");

    public int total_iters { get; } = total_iters > 0 ? total_iters : throw new ArgumentException($"LinearLR: total_iters must be positive, got {total_iters}");

    protected override double LearningRate(double initialLr, int epoch, int group) =>
        initialLr * (start_factor + (end_factor - start_factor) * Math.Min(total_iters, epoch) / total_iters);
}
