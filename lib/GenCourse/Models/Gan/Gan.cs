namespace GenCourse.Models.Gan;

/// <summary>
/// A generative adversarial network (Goodfellow et al. 2014) and its training step: k updates of D on
/// -E log D(x) - E log(1 - D(G(z))), then one update of G (minimax or non-saturating), each player with its own Adam
/// optimizer. The tricks of <see cref="GanOptions"/> switch on by option. All noise (z and instance noise) comes from
/// the generator given to the constructor, in the order documented on each method.
/// </summary>
public sealed class Gan
{
    readonly (Action zeroGrad, Action step) optimizerG, optimizerD;
    readonly HistoricalAverage? historyG, historyD;
    readonly Generator? noise;

    public Gan(nn.Module<Tensor, Tensor> generator, Mlp discriminator, GanOptions? options = null, Generator? noise = null)
    {
        (G, D, Options, this.noise) = (generator, discriminator, options ?? new GanOptions(), noise);
        if (Options.LatentDim < 1) throw new ArgumentException($"Gan: LatentDim must be >= 1, got {Options.LatentDim}", nameof(options));
        if (Options.FeatureMatchingLayer is int layer && (layer < 0 || layer >= D.HiddenLayers))
            throw new ArgumentException($"Gan: FeatureMatchingLayer must be a hidden layer of D, in [0, {D.HiddenLayers}), got {layer}", nameof(options));
        if (Options.UnrolledSteps < 0) throw new ArgumentException($"Gan: UnrolledSteps must be >= 0, got {Options.UnrolledSteps}", nameof(options));
        optimizerG = Adam(G, Options.GeneratorLearningRate);
        optimizerD = Adam(D, Options.DiscriminatorLearningRate);
        if (Options.HistoricalAveraging > 0) (historyG, historyD) = (new(G.parameters()), new(D.parameters()));
    }

    (Action, Action) Adam(nn.Module player, double lr)
    {
        var optimizer = optim.Adam(player.parameters(), lr: lr, beta1: Options.Beta1, beta2: Options.Beta2);
        return (() => optimizer.zero_grad(), () => optimizer.step());
    }

    public nn.Module<Tensor, Tensor> G { get; }

    public Mlp D { get; }

    public GanOptions Options { get; }

    /// <summary>Number of completed training steps (t).</summary>
    public int StepCount { get; private set; }

    /// <summary>The last step whose losses were all finite (null before the first).</summary>
    public GanStepResult? LastFinite { get; private set; }

    /// <summary>z ~ N(0, I), [n, LatentDim], in D's dtype.</summary>
    public Tensor SampleLatent(int n) => randn([n, Options.LatentDim], dtype: D.Weights[0].dtype, generator: noise);

    /// <summary>n samples G(z) without gradient.</summary>
    public Tensor Sample(int n)
    {
        using var _ = no_grad();
        return G.forward(SampleLatent(n));
    }

    /// <summary>The instance-noise std at step t (see <see cref="GanOptions.InstanceNoise"/>).</summary>
    public double InstanceNoiseStd(int step) => Options.InstanceNoiseAnnealSteps > 0
        ? Options.InstanceNoise * Math.Max(0, 1 - (double)step / Options.InstanceNoiseAnnealSteps)
        : Options.InstanceNoise;

    /// <summary>
    /// D's loss on a real batch and G(z) (detached), its real and fake terms, and the historical-averaging penalty it
    /// includes. Instance noise is drawn for the real batch, then for the fakes.
    /// </summary>
    public (Tensor loss, Tensor real, Tensor fake, Tensor penalty) DiscriminatorLoss(Tensor real, Tensor z)
    {
        var fake = Generate(z, real).detach();
        var (noisyReal, noisyFake) = (WithInstanceNoise(real), WithInstanceNoise(fake));
        var (loss, realTerm, fakeTerm) = GanLoss.Discriminator(D.forward(noisyReal), D.forward(noisyFake), Options.RealLabel);
        var penalty = Penalty(historyD, loss);
        return (loss + penalty, realTerm, fakeTerm, penalty);
    }

    /// <summary>
    /// G's loss on G(z) against D (unrolled when <see cref="GanOptions.UnrolledSteps"/> &gt; 0), or feature matching
    /// against the real batch, plus the historical-averaging penalty. Instance noise: real batch (only when feature
    /// matching or unrolling uses it), then fakes.
    /// </summary>
    public (Tensor loss, Tensor penalty) GeneratorLoss(Tensor z, Tensor real)
    {
        var fake = Generate(z, real);
        bool usesReal = Options.FeatureMatchingLayer is not null || Options.UnrolledSteps > 0;
        var noisyReal = usesReal ? WithInstanceNoise(real) : real;
        var noisyFake = WithInstanceNoise(fake);
        Tensor loss;
        if (Options.FeatureMatchingLayer is int layer)
            loss = GanLoss.FeatureMatching(D.Features(noisyReal, layer).detach(), D.Features(noisyFake, layer));
        else
        {
            var weights = Options.UnrolledSteps > 0 ? UnrolledWeights(noisyReal, noisyFake) : D.Weights;
            loss = GanLoss.Generator(D.Forward(noisyFake, weights), Options.Objective);
        }
        var penalty = Penalty(historyG, loss);
        return (loss + penalty, penalty);
    }

    /// <summary>
    /// D's parameters after <see cref="GanOptions.UnrolledSteps"/> SGD steps theta_{i+1} = theta_i - eta grad L_D(theta_i)
    /// on this batch, kept differentiable in theta_0 and in the fakes (create_graph), so G's gradient flows through them.
    /// </summary>
    public IReadOnlyList<Tensor> UnrolledWeights(Tensor real, Tensor fake)
    {
        IReadOnlyList<Tensor> weights = D.Weights;
        for (int i = 0; i < Options.UnrolledSteps; i++)
        {
            var (loss, _, _) = GanLoss.Discriminator(D.Forward(real, weights), D.Forward(fake, weights), Options.RealLabel);
            var grads = autograd.grad([loss], weights.ToArray(), retain_graph: true, create_graph: true);
            weights = weights.Select((w, j) => w - Options.UnrolledLearningRate * grads[j]).ToArray();
        }
        return weights;
    }

    /// <summary>One step with the same real batch for every D update.</summary>
    public GanStepResult Step(Tensor real) => Step(() => real);

    /// <summary>
    /// One training step: k = DiscriminatorSteps(t) updates of D, each on a fresh real batch and fresh z, then one update
    /// of G on fresh z (and the last real batch). Throws when a loss is NaN or infinite, naming the step and the last
    /// finite losses.
    /// </summary>
    public GanStepResult Step(Func<Tensor> nextRealBatch)
    {
        using var scope = NewDisposeScope();
        int k = Options.DiscriminatorSteps(StepCount);
        if (k < 0) throw new InvalidOperationException($"Gan.Step: DiscriminatorSteps({StepCount}) gave {k}, expected >= 0");
        double lossD = double.NaN, normD = 0;
        Tensor? real = null;
        for (int i = 0; i < k; i++)
        {
            real = nextRealBatch();
            optimizerD.zeroGrad();
            var (loss, _, _, _) = DiscriminatorLoss(real, SampleLatent((int)real.shape[0]));
            lossD = Finite(loss, "discriminator");
            loss.backward();
            normD = GradNorm(D);
            optimizerD.step();
            historyD?.Record();
        }
        real ??= nextRealBatch();
        optimizerG.zeroGrad();
        var (lossGTensor, _) = GeneratorLoss(SampleLatent((int)real.shape[0]), real);
        double lossG = Finite(lossGTensor, "generator");
        lossGTensor.backward();
        double normG = GradNorm(G);
        optimizerG.step();
        historyG?.Record();
        LastFinite = new GanStepResult(StepCount, k, lossD, lossG, normD, normG);
        StepCount++;
        return LastFinite;
    }

    double Finite(Tensor loss, string player)
    {
        double value = loss.ToDouble();
        if (double.IsFinite(value)) return value;
        string last = LastFinite is { } r
            ? $"the last finite losses were D {r.DiscriminatorLoss:G6} and G {r.GeneratorLoss:G6} at step {r.Step}"
            : "no step had finished yet";
        throw new InvalidOperationException(
            $"Gan.Step: the {player} loss is {value} at step {StepCount}; training diverged ({last}). Lower the learning rates or switch on a trick.");
    }

    static double GradNorm(nn.Module module) =>
        Math.Sqrt(module.parameters().Where(p => p.grad is not null).Sum(p => p.grad!.square().sum().ToDouble()));

    Tensor Generate(Tensor z, Tensor real)
    {
        var fake = G.forward(z);
        if (!fake.shape.Skip(1).SequenceEqual(real.shape.Skip(1)) || fake.dtype != real.dtype)
            throw new ArgumentException(
                $"Gan: the generator's output has shape {Shape.Format(fake.shape)} ({fake.dtype}) but the discriminator's input, the real batch, " +
                $"has shape {Shape.Format(real.shape)} ({real.dtype}); they must agree in every dimension but the first and in dtype", nameof(real));
        return fake;
    }

    Tensor WithInstanceNoise(Tensor x)
    {
        double std = InstanceNoiseStd(StepCount);
        return std > 0 ? x + std * randn(x.shape, dtype: x.dtype, generator: noise) : x;
    }

    Tensor Penalty(HistoricalAverage? history, Tensor like) =>
        history is null ? zeros_like(like) : Options.HistoricalAveraging * history.Penalty();
}
