namespace GenCourse.Models.Density;

/// <summary>
/// "Stochastic learning of the cumulative": a network H(x) = sigmoid(g(x)) fitted to a 1-D sample so that it becomes
/// the sample's CDF. Each step draws a minibatch of sample points and as many Uniform(0, 1) numbers, sorts both, and
/// regresses H(x_(i)) onto u_(i) (the direction x -> u: the i-th smallest point should sit at the i-th smallest
/// uniform quantile), plus a penalty on negative slope, weight * mean(relu(-dH/dx)) at points spread over the data
/// range, which keeps H monotone. The learning rate decays linearly to 0, which averages out the noise of the random
/// targets. Then the density is dH/dx (by autograd) and sampling inverts H by bisection.
/// Inputs are standardised by the sample's mean and standard deviation before the network.
/// </summary>
public sealed class NeuralCdf
{
    readonly int steps, batchSize;
    readonly double learningRate, monotonicityWeight;
    readonly Generator? generator;
    readonly List<double> losses = [];
    double mean, scale, low, high;

    public NeuralCdf(int hiddenSize = 32, int steps = 1000, int batchSize = 512, double learningRate = 0.02,
        double monotonicityWeight = 10, Generator? generator = null)
    {
        const string op = "NeuralCdf";
        if (hiddenSize < 1) throw new ArgumentException($"{op}: hiddenSize must be >= 1, got {hiddenSize}", nameof(hiddenSize));
        if (steps < 0) throw new ArgumentException($"{op}: steps must be >= 0, got {steps}", nameof(steps));
        if (batchSize < 2) throw new ArgumentException($"{op}: batchSize must be >= 2, got {batchSize}", nameof(batchSize));
        if (!(learningRate > 0)) throw new ArgumentException($"{op}: learningRate must be > 0, got {learningRate}", nameof(learningRate));
        if (!(monotonicityWeight >= 0)) throw new ArgumentException($"{op}: monotonicityWeight must be >= 0, got {monotonicityWeight}", nameof(monotonicityWeight));
        (this.steps, this.batchSize, this.learningRate, this.monotonicityWeight, this.generator) =
            (steps, batchSize, learningRate, monotonicityWeight, generator);
        Network = nn.Sequential(
            Layer(1, hiddenSize, generator), nn.Tanh(),
            Layer(hiddenSize, hiddenSize, generator), nn.Tanh(),
            Layer(hiddenSize, 1, generator));
    }

    // A float64 linear layer with PyTorch's default initialisation, U(-1/sqrt(fan_in), 1/sqrt(fan_in)), drawn from the generator.
    static Linear Layer(long inputs, long outputs, Generator? generator)
    {
        var layer = nn.Linear(inputs, outputs, dtype: ScalarType.Float64);
        double bound = 1 / Math.Sqrt(inputs);
        using (no_grad())
        {
            nn.init.uniform_(layer.weight, -bound, bound, generator);
            nn.init.uniform_(layer.bias!, -bound, bound, generator);
        }
        return layer;
    }

    /// <summary>g: standardised x [m, 1] -> logit of H, float64.</summary>
    public nn.Module<Tensor, Tensor> Network { get; }

    /// <summary>Training loss (squared error + monotonicity penalty) at every step.</summary>
    public IReadOnlyList<double> LossHistory => losses;

    bool IsFitted => scale > 0;

    /// <summary>Trains H on the 1-D sample x [n] (or [n, 1]).</summary>
    public NeuralCdf Fit(Tensor x)
    {
        var points = Points.From(x, "NeuralCdf.Fit", minCount: 2, dimension: 1);
        var data = points.Values;
        mean = data.Average();
        scale = Math.Sqrt(data.Sum(v => (v - mean) * (v - mean)) / data.Length);
        if (!(scale > 0)) throw new ArgumentException("NeuralCdf.Fit: the sample has zero spread (all points equal)", nameof(x));
        (low, high) = (Standardize(data.Min()), Standardize(data.Max()));
        var gen = new RandomStream(generator);
        var optimizer = optim.Adam(Network.parameters(), lr: learningRate);
        losses.Clear();
        for (int step = 0; step < steps; step++)
        {
            var batch = Sorted(batchSize, _ => Standardize(data[gen.NextInt64(data.Length)]));
            var targets = Sorted(batchSize, _ => gen.NextDouble());
            var probes = Sorted(batchSize, _ => low - 1 + (high - low + 2) * gen.NextDouble());
            foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate * (1 - (double)step / steps);   // linear decay averages out the noisy targets
            optimizer.zero_grad();
            var fit = (Network.forward(Column(batch)).sigmoid() - Column(targets)).square().mean();
            var loss = monotonicityWeight > 0 ? fit + monotonicityWeight * Slope(Column(probes), createGraph: true).neg().relu().mean() : fit;
            loss.backward();
            optimizer.step();
            losses.Add(loss.ToDouble());
        }
        return this;
    }

    /// <summary>H(x), the learned CDF, float64 of the same length as x.</summary>
    public Tensor Cdf(Tensor x)
    {
        using var _ = no_grad();
        return Network.forward(Column(Standardized(x, "NeuralCdf.Cdf"))).sigmoid().reshape(-1);
    }

    /// <summary>dH/dx, the learned density (may be slightly negative where H is not yet monotone), float64 [m].</summary>
    public Tensor Density(Tensor x)
    {
        var slope = Slope(Column(Standardized(x, "NeuralCdf.Density")), createGraph: false);
        return (slope / scale).detach().reshape(-1);
    }

    /// <summary>log dH/dx (NaN where the slope is negative).</summary>
    public Tensor ScoreSamples(Tensor x) => Density(x).log();

    /// <summary>n draws H^-1(U): bisection on H between the data range widened by 6 standard deviations each side.</summary>
    public Tensor Sample(int n, Generator? generator = null)
    {
        if (n < 0) throw new ArgumentException($"NeuralCdf.Sample: n must be >= 0, got {n}", nameof(n));
        if (!IsFitted) throw new InvalidOperationException("NeuralCdf: call Fit(x) before using the model");
        var gen = new RandomStream(generator);
        var u = Enumerable.Range(0, n).Select(_ => gen.NextDouble()).ToArray();
        var lo = Enumerable.Repeat(low - 6, n).ToArray();
        var hi = Enumerable.Repeat(high + 6, n).ToArray();
        using var _ = no_grad();
        for (int iteration = 0; iteration < 60; iteration++)
        {
            var middle = lo.Zip(hi, (a, b) => 0.5 * (a + b)).ToArray();
            var h = Network.forward(Column(middle)).sigmoid().ToDoubles();
            for (int i = 0; i < n; i++)
                if (h[i] < u[i]) lo[i] = middle[i];
                else hi[i] = middle[i];
        }
        return Points.Vector(lo.Zip(hi, (a, b) => mean + scale * 0.5 * (a + b)).ToArray());
    }

    /// <summary>dH/dt at standardised points t [m, 1] through autograd.</summary>
    Tensor Slope(Tensor t, bool createGraph)
    {
        using var _ = enable_grad();
        var input = t.detach().requires_grad_();
        var h = Network.forward(input).sigmoid();
        return autograd.grad([h.sum()], [input], retain_graph: createGraph, create_graph: createGraph)[0]!;   // TorchSharp keeps the graph only when asked
    }

    double Standardize(double x) => (x - mean) / scale;

    double[] Standardized(Tensor x, string op)
    {
        if (!IsFitted) throw new InvalidOperationException("NeuralCdf: call Fit(x) before using the model");
        return Array.ConvertAll(Points.From(x, op, dimension: 1).Values, Standardize);
    }

    static double[] Sorted(int n, Func<int, double> draw)
    {
        var values = Enumerable.Range(0, n).Select(draw).ToArray();
        Array.Sort(values);
        return values;
    }

    static Tensor Column(double[] values) => tensor(values, [values.Length, 1]);
}
