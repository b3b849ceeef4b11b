namespace GenCourse.Optim.lr_scheduler;

/// <summary>Decays the learning rate by gamma every step_size epochs: lr = initial_lr * gamma^floor(epoch / step_size).</summary>
public sealed class StepLR(Optimizer optimizer, int step_size, double gamma = 0.1, int last_epoch = -1) : LRScheduler(optimizer, last_epoch)
{
    // Initialisers run before the base constructor sets the epoch-0 learning rate.
    public int step_size { get; } = step_size > 0 ? step_size : throw new ArgumentException($"StepLR: step_size must be positive, got {step_size}");

    public double gamma { get; } = gamma;

    protected override double LearningRate(double initialLr, int epoch, int group) => initialLr * Math.Pow(gamma, epoch / step_size);
}
