using GenCourse;
using GenCourse.Models.Density;
using static GenCourse.torch;

namespace GenCourse.Tests.Models.Density;

/// <summary>
/// NeuralCdf's loss, CDF, density and sampler against a hand evaluation in doubles of its network
/// H(t) = sigmoid(W3 tanh(W2 tanh(W1 t + b1) + b2) + b3), t = (x - mean) / sd, with dH/dt by the chain rule,
/// on the generator's draws (the layers' initialisation takes the first 22 uniforms, the fit's stream the next ones).
/// </summary>
public class NeuralCdfLossTermTests
{
    const int Hidden = 3, Batch = 6, InitDraws = Hidden + Hidden + Hidden * Hidden + Hidden + Hidden + 1;
    static readonly double[] Data = rand([20], float64, generator: new Generator(50)).ToDoubles().Select(v => 4 * v * v - 1).ToArray();
    static readonly double Mean = Data.Average(), Sd = Math.Sqrt(Data.Sum(v => (v - Data.Average()) * (v - Data.Average())) / Data.Length);

    sealed class Hand(NeuralCdf model)
    {
        readonly Dictionary<string, double[]> w = model.Network.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.ToDoubles());

        (double g, double slope) Forward(double t)
        {
            var a1 = new double[Hidden];
            var d1 = new double[Hidden];
            for (int i = 0; i < Hidden; i++)
            {
                a1[i] = Math.Tanh(w["0.weight"][i] * t + w["0.bias"][i]);
                d1[i] = (1 - a1[i] * a1[i]) * w["0.weight"][i];   // d a1_i / dt
            }
            double g = w["4.bias"][0], dg = 0;
            for (int i = 0; i < Hidden; i++)
            {
                double z = w["2.bias"][i], dz = 0;
                for (int j = 0; j < Hidden; j++) (z, dz) = (z + w["2.weight"][i * Hidden + j] * a1[j], dz + w["2.weight"][i * Hidden + j] * d1[j]);
                double a2 = Math.Tanh(z);
                g += w["4.weight"][i] * a2;
                dg += w["4.weight"][i] * (1 - a2 * a2) * dz;
            }
            return (g, dg);
        }

        public double H(double t) => 1 / (1 + Math.Exp(-Forward(t).g));

        /// <summary>dH/dt = H (1 - H) dg/dt.</summary>
        public double Slope(double t) => H(t) * (1 - H(t)) * Forward(t).slope;
    }

    static double Standardize(double x) => (x - Mean) / Sd;

    static double[] Sorted(IEnumerable<double> values) => values.OrderBy(v => v).ToArray();

    [Theory]
    [InlineData(0.0)]
    [InlineData(10.0)]
    public void FirstStepLoss_IsTheSquaredErrorToSortedUniformsPlusTheWeightedNegativeSlopePenalty(double weight)
    {
        var model = new NeuralCdf(hiddenSize: Hidden, steps: 1, batchSize: Batch, monotonicityWeight: weight, generator: new Generator(51));
        var hand = new Hand(model);   // the weights before the one Adam step
        model.Fit(tensor(Data));
        var u = rand([InitDraws + 3 * Batch], float64, generator: new Generator(51)).ToDoubles()[InitDraws..];
        var (low, high) = (Standardize(Data.Min()), Standardize(Data.Max()));
        var batch = Sorted(u[..Batch].Select(v => Standardize(Data[Math.Min(Data.Length - 1, (int)(v * Data.Length))])));
        var targets = Sorted(u[Batch..(2 * Batch)]);
        var probes = Sorted(u[(2 * Batch)..].Select(v => low - 1 + (high - low + 2) * v));
        double fit = batch.Select((t, i) => Math.Pow(hand.H(t) - targets[i], 2)).Average();
        double penalty = probes.Average(t => Math.Max(0, -hand.Slope(t)));
        Assert.True(penalty > 1e-4, $"the seed should give a network that decreases somewhere (penalty {penalty})");
        Assert.Single(model.LossHistory);
        Assert.Equal(fit + weight * penalty, model.LossHistory[0], 12);
    }

    [Fact]
    public void Fit_TakesOneAdamStepOfTheLearningRate_PerParameter()
    {
        // Adam's first step moves every parameter by lr * g / (|g| + eps), i.e. by lr where the gradient is not tiny.
        var model = new NeuralCdf(hiddenSize: Hidden, steps: 1, batchSize: Batch, learningRate: 0.003, generator: new Generator(52));
        var before = model.Network.parameters().Select(p => p.ToDoubles()).ToArray();
        model.Fit(tensor(Data));
        var after = model.Network.parameters().Select(p => p.ToDoubles()).ToArray();
        var moves = before.Zip(after, (b, a) => b.Zip(a, (x, y) => Math.Abs(y - x))).SelectMany(m => m).ToArray();
        Assert.All(moves, m => Assert.InRange(m, 0, 0.003 * (1 + 1e-9)));
        Assert.True(moves.Count(m => Math.Abs(m - 0.003) < 3e-6) >= moves.Length / 2, string.Join(", ", moves));
    }

    [Fact]
    public void CdfDensityAndSamples_AreTheNetworksSigmoidItsSlopeAndItsBisectionInverse()
    {
        var model = new NeuralCdf(hiddenSize: Hidden, steps: 0, generator: new Generator(53)).Fit(tensor(Data));
        Assert.Empty(model.LossHistory);
        var hand = new Hand(model);
        var grid = new double[] { -3, -1, 0, 0.5, 2, 7 };
        var cdf = model.Cdf(tensor(grid)).ToDoubles();
        var density = model.Density(tensor(grid)).ToDoubles();
        var score = model.ScoreSamples(tensor(grid)).ToDoubles();
        for (int i = 0; i < grid.Length; i++)
        {
            Assert.Equal(hand.H(Standardize(grid[i])), cdf[i], 12);
            Assert.Equal(hand.Slope(Standardize(grid[i])) / Sd, density[i], 12);
            Assert.Equal(Math.Log(density[i]), score[i], 12);   // NaN where the slope is negative, like log
        }
        // Sampling: u from the stream, then 60 bisection steps on H over the data range widened by 6 sd.
        var samples = model.Sample(5, new Generator(54)).ToDoubles();
        var u = rand([5], float64, generator: new Generator(54)).ToDoubles();
        for (int i = 0; i < 5; i++)
        {
            double lo = Standardize(Data.Min()) - 6, hi = Standardize(Data.Max()) + 6;
            for (int k = 0; k < 60; k++)
            {
                double mid = 0.5 * (lo + hi);
                if (hand.H(mid) < u[i]) lo = mid;
                else hi = mid;
            }
            Assert.Equal(Mean + Sd * 0.5 * (lo + hi), samples[i], 10);
        }
        Assert.Contains("n must be >= 0", Assert.Throws<ArgumentException>(() => model.Sample(-1)).Message);
        Assert.Throws<InvalidOperationException>(() => new NeuralCdf().Sample(1));
    }

    [Fact]
    public void Constructor_RejectsEachBadHyperParameter_AndFitRejectsASampleWithoutSpread()
    {
        Assert.Equal("hiddenSize", Assert.Throws<ArgumentException>(() => new NeuralCdf(hiddenSize: 0)).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentException>(() => new NeuralCdf(steps: -1)).ParamName);
        Assert.Equal("learningRate", Assert.Throws<ArgumentException>(() => new NeuralCdf(learningRate: 0)).ParamName);
        Assert.Equal("monotonicityWeight", Assert.Throws<ArgumentException>(() => new NeuralCdf(monotonicityWeight: -1)).ParamName);
        Assert.Contains("zero spread", Assert.Throws<ArgumentException>(() => new NeuralCdf(steps: 0).Fit(ones([5], float64))).Message);
        _ = new NeuralCdf(hiddenSize: 1, steps: 0, batchSize: 2, monotonicityWeight: 0);   // the smallest valid values are accepted
    }
}
