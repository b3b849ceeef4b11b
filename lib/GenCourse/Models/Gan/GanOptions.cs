namespace GenCourse.Models.Gan;

/// <summary>
/// How a <see cref="Gan"/> trains: the generator's objective, the optimizers' learning rates and the tricks of the
/// lectures, each off by default and each switched on by one property.
/// </summary>
public sealed record GanOptions
{
    /// <summary>Dimension of the latent z ~ N(0, I).</summary>
    public int LatentDim { get; init; } = 2;

    public GeneratorObjective Objective { get; init; } = GeneratorObjective.NonSaturating;

    /// <summary>
    /// Adam learning rates of G and D, set separately: the two time-scale update rule (Heusel et al. 2017) gives D the
    /// larger one.
    /// </summary>
    public double GeneratorLearningRate { get; init; } = 1e-4;

    public double DiscriminatorLearningRate { get; init; } = 4e-4;

    /// <summary>Adam's beta1 and beta2 for both players (0.5 as in DCGAN, Radford et al. 2016).</summary>
    public double Beta1 { get; init; } = 0.5;

    public double Beta2 { get; init; } = 0.999;

    /// <summary>
    /// k(t): discriminator steps before generator step t (Goodfellow et al. 2014, Algorithm 1: k steps of D per step of
    /// G). 0 skips D's update at that step; <see cref="RestrictThenRelax"/> builds the schedule that restricts D early.
    /// </summary>
    public Func<int, int> DiscriminatorSteps { get; init; } = _ => 1;

    /// <summary>
    /// Instance noise (Sønderby et al. 2017; Arjovsky &amp; Bottou 2017): Gaussian noise of std sigma(t) added to every
    /// real and fake input of D, so the two distributions overlap and D cannot separate them perfectly;
    /// sigma(t) = InstanceNoise * max(0, 1 - t / InstanceNoiseAnnealSteps) (constant when the steps are 0).
    /// </summary>
    public double InstanceNoise { get; init; }

    public int InstanceNoiseAnnealSteps { get; init; }

    /// <summary>Target for real samples in D's loss: 1, or e.g. 0.9 for one-sided label smoothing (Salimans et al. 2016, section 3.4).</summary>
    public double RealLabel { get; init; } = 1;

    /// <summary>
    /// Feature matching (Salimans et al. 2016, section 3.1): when set, G minimises ||E h(x) - E h(G(z))||^2 on this hidden
    /// layer of D instead of <see cref="Objective"/>.
    /// </summary>
    public int? FeatureMatchingLayer { get; init; }

    /// <summary>Weight of the historical-averaging penalty (Salimans et al. 2016, section 3.3) added to both players' losses.</summary>
    public double HistoricalAveraging { get; init; }

    /// <summary>
    /// Unrolled GAN (Metz et al. 2017): G's loss is taken against D after this many further SGD steps on D's loss,
    /// differentiated through (create_graph), so G sees how D would answer its move. D's own update is unchanged.
    /// </summary>
    public int UnrolledSteps { get; init; }

    /// <summary>Learning rate of the unrolled (plain SGD) D steps.</summary>
    public double UnrolledLearningRate { get; init; } = 0.1;

    /// <summary>
    /// "Restrict D early, then relax": <paramref name="early"/> D steps per G step before step <paramref name="untilStep"/>
    /// (0 or 1 keep a young D from overpowering G), <paramref name="late"/> after.
    /// </summary>
    public static Func<int, int> RestrictThenRelax(int untilStep, int early, int late)
    {
        if (untilStep < 0 || early < 0 || late < 0)
            throw new ArgumentException($"RestrictThenRelax: steps must be >= 0, got untilStep {untilStep}, early {early}, late {late}");
        return step => step < untilStep ? early : late;
    }
}

/// <summary>
/// One training step of a <see cref="Gan"/>: D's loss (of its last update this step; NaN when k = 0), G's loss and the
/// 2-norms of the gradients over each player's parameters, for plotting.
/// </summary>
public sealed record GanStepResult(int Step, int DiscriminatorSteps, double DiscriminatorLoss, double GeneratorLoss,
    double DiscriminatorGradNorm, double GeneratorGradNorm);
