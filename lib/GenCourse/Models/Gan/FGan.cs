using GenCourse.Metrics;

namespace GenCourse.Models.Gan;

/// <summary>
/// f-GAN variational divergence minimisation (Nowozin, Cseke &amp; Tomioka 2016): a generator Q_theta and a critic
/// V_omega play the saddle-point game on F(theta, omega) = E_P[g_f(V(x))] - E_Q[f*(g_f(V(G(z))))], a lower bound on
/// D_f(P || Q_theta) tight at the optimal critic. The divergence's f, f* and g_f come from <see cref="FDivergence"/>.
/// <see cref="Step"/> is the paper's single-step gradient method (Algorithm 1): one evaluation of F, then the critic
/// ascends and the generator descends along its gradient, each with its own Adam optimizer.
/// </summary>
public sealed class FGan
{
    readonly (Action zeroGrad, Action step) optimizerG, optimizerCritic;
    readonly Generator? noise;

    public FGan(nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> critic, FDivergence divergence, int latentDim,
        double generatorLearningRate = 2e-4, double criticLearningRate = 2e-4, double beta1 = 0.5, Generator? noise = null)
    {
        if (latentDim < 1) throw new ArgumentException($"FGan: latentDim must be >= 1, got {latentDim}", nameof(latentDim));
        (G, Critic, Divergence, LatentDim, this.noise) = (generator, critic, divergence, latentDim, noise);
        optimizerG = Adam(G, generatorLearningRate, beta1);
        optimizerCritic = Adam(Critic, criticLearningRate, beta1);
    }

    static (Action, Action) Adam(nn.Module player, double lr, double beta1)
    {
        var optimizer = optim.Adam(player.parameters(), lr: lr, beta1: beta1);
        return (() => optimizer.zero_grad(), () => optimizer.step());
    }

    public nn.Module<Tensor, Tensor> G { get; }

    public nn.Module<Tensor, Tensor> Critic { get; }

    public FDivergence Divergence { get; }

    public int LatentDim { get; }

    /// <summary>Number of completed steps.</summary>
    public int StepCount { get; private set; }

    /// <summary>Short names accepted by <see cref="DivergenceNamed"/> besides the table's own names.</summary>
    static readonly Dictionary<string, FDivergence> ShortNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["KL"] = FDivergence.KullbackLeibler, ["reverse KL"] = FDivergence.ReverseKullbackLeibler,
        ["Pearson"] = FDivergence.PearsonChiSquared, ["Neyman"] = FDivergence.NeymanChiSquared,
        ["Hellinger"] = FDivergence.SquaredHellinger, ["JS"] = FDivergence.JensenShannon, ["TV"] = FDivergence.TotalVariation,
    };

    /// <summary>
    /// The divergence with this name: a name of the table (<see cref="FDivergence.All"/>, e.g. "Jeffrey") or a short one
    /// (KL, reverse KL, Pearson, Neyman, Hellinger, JS, TV), case-insensitive. An unknown name lists the valid ones.
    /// </summary>
    public static FDivergence DivergenceNamed(string name)
    {
        var match = FDivergence.All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
        if (match is not null) return match;
        if (name is not null && ShortNames.TryGetValue(name, out var shortMatch)) return shortMatch;
        throw new ArgumentException($"FGan: unknown divergence \"{name}\"; valid names are {string.Join(", ", FDivergence.All.Select(d => d.Name))} " +
            $"or {string.Join(", ", ShortNames.Keys)}", nameof(name));
    }

    /// <summary>z ~ N(0, I), [n, LatentDim], in the dtype of the generator's first parameter.</summary>
    public Tensor SampleLatent(int n) => randn([n, LatentDim], dtype: G.parameters().First().dtype, generator: noise);

    /// <summary>F(theta, omega) = E_P[g_f(V(x))] - E_Q[f*(g_f(V(G(z))))] on a real batch and latents z.</summary>
    public Tensor Objective(Tensor real, Tensor z)
    {
        var fake = G.forward(z);
        if (!fake.shape.Skip(1).SequenceEqual(real.shape.Skip(1)) || fake.dtype != real.dtype)
            throw new ArgumentException(
                $"FGan: the generator's output has shape {Shape.Format(fake.shape)} ({fake.dtype}) but the critic's input, the real batch, " +
                $"has shape {Shape.Format(real.shape)} ({real.dtype}); they must agree in every dimension but the first and in dtype", nameof(real));
        return Divergence.VariationalBound(Critic.forward(real), Critic.forward(fake));
    }

    /// <summary>
    /// Algorithm 1 of the paper: F on the batch and fresh z, one backward pass, omega += eta grad_omega F (the critic's
    /// gradient is negated before its optimizer's descent step), theta -= eta grad_theta F. Returns F before the update.
    /// Throws when F is NaN or infinite, naming the step.
    /// </summary>
    public double Step(Tensor real)
    {
        using var scope = NewDisposeScope();
        optimizerG.zeroGrad();
        optimizerCritic.zeroGrad();
        var objective = Objective(real, SampleLatent((int)real.shape[0]));
        double value = objective.ToDouble();
        if (!double.IsFinite(value))
            throw new InvalidOperationException($"FGan.Step: the objective is {value} at step {StepCount} ({Divergence.Name}); training diverged, lower the learning rates");
        objective.backward();
        using (no_grad())
            foreach (var p in Critic.parameters())
                p.grad?.mul_(-1);   // ascent for the critic
        optimizerCritic.step();
        optimizerG.step();
        StepCount++;
        return value;
    }
}
