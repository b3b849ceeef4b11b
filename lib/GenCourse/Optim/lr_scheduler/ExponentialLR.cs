namespace GenCourse.Optim.lr_scheduler;

/// <summary>Decays the learning rate by gamma every epoch: lr = initial_lr * gamma^epoch.</summary>
public sealed class ExponentialLR(Optimizer optimizer, double gamma, int last_epoch = -1) : LRScheduler(optimizer, last_epoch)
{
    // Initialisers run before the base constructor sets the epoch-0 learning rate.
    public double gamma { get; } = gamma;

    protected override double LearningRate(double initialLr, int epoch, int group) => initialLr * Math.Pow(gamma, epoch);
}
