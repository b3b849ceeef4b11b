using GenCourse;
using static GenCourse.torch;
using F = GenCourse.torch.nn.functional;

namespace GenCourse.Tests.NN;

/// <summary>
/// Dropout (nn.Dropout and F.dropout), the engine's only stochastic layer: in training mode each entry is zeroed with
/// probability p and the rest are scaled by 1/(1-p), so E[output] = input; in eval mode, and for p = 0, it is the identity.
/// Statistical checks use fixed seeds and 5-sigma intervals.
/// </summary>
public class DropoutTests
{
    const int N = 200_000;

    static Tensor Input(int n, ulong seed) => rand([n], float64, generator: new Generator(seed)) + 0.5;   // no zeros

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void Training_ZeroRate_IsWithinFiveSigmaOfP(double p)
    {
        var y = F.dropout(Input(N, 1), p, training: true, generator: new Generator(2)).ToDoubles();
        double zeros = y.Count(v => v == 0);
        double sigma = Math.Sqrt(N * p * (1 - p));   // binomial(N, p)
        Assert.InRange(zeros, N * p - 5 * sigma, N * p + 5 * sigma);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void Training_KeptEntries_AreScaledByOneOverOneMinusP(double p)
    {
        var x = Input(1000, 3).ToDoubles();
        var y = F.dropout(tensor(x), p, training: true, generator: new Generator(4)).ToDoubles();
        for (int i = 0; i < x.Length; i++)
            if (y[i] != 0) Assert.Equal(x[i] / (1 - p), y[i], 1e-12);
        Assert.Contains(y, v => v != 0);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.6)]
    public void Training_MeanOfTheOutput_IsTheInput(double p)
    {
        // 4 input values, each repeated in N/4 rows; the column means of the output estimate E[output] per entry.
        var values = new double[] { -2, 0.5, 1, 3 };
        var x = tensor(values).unsqueeze(0).repeat(N / 4, 1);
        var means = F.dropout(x, p, training: true, generator: new Generator(5)).mean([0]).ToDoubles();
        for (int j = 0; j < values.Length; j++)
        {
            // Var(output) = x^2 p / (1 - p) per entry.
            double sigma = Math.Abs(values[j]) * Math.Sqrt(p / (1 - p) / (N / 4));
            Assert.InRange(means[j], values[j] - 5 * sigma, values[j] + 5 * sigma);
        }
    }

    [Fact]
    public void Training_KeepsAnEntryWhenTheGeneratorsUniformDrawIsBelowOneMinusP()
    {
        const double p = 0.3;
        var y = F.dropout(Input(500, 6), p, training: true, generator: new Generator(7)).ToDoubles();
        var u = rand([500], float64, generator: new Generator(7)).ToDoubles();
        Assert.Equal(u.Select(v => v < 1 - p).ToArray(), y.Select(v => v != 0).ToArray());
    }

    [Fact]
    public void Gradient_IsTheMaskOverOneMinusP()
    {
        const double p = 0.4;
        var x = Input(300, 8).requires_grad_(true);
        var y = F.dropout(x, p, training: true, generator: new Generator(9));
        (y * 3).sum().backward();
        var kept = y.ToDoubles().Select(v => v != 0 ? 3 / (1 - p) : 0).ToArray();
        Assert.Equal(kept, x.grad!.ToDoubles(), new Models.Tolerance(1e-12));
    }

    [Fact]
    public void PZero_AndEvalMode_AreTheIdentity()
    {
        var x = Input(1000, 10);
        Assert.Equal(x.ToDoubles(), F.dropout(x, 0, training: true, generator: new Generator(11)).ToDoubles());
        Assert.Equal(x.ToDoubles(), F.dropout(x, 0.5, training: false, generator: new Generator(11)).ToDoubles());
        var layer = nn.Dropout(0.5, new Generator(12));
        layer.eval();
        Assert.Equal(x.ToDoubles(), layer.forward(x).ToDoubles());
        layer.train();
        Assert.Contains(layer.forward(x).ToDoubles(), v => v == 0);
    }

    [Fact]
    public void POne_ZeroesEverything_AndPassesNoGradient()
    {
        var x = Input(1000, 13).requires_grad_(true);
        var y = F.dropout(x, 1, training: true, generator: new Generator(14));
        Assert.All(y.ToDoubles(), v => Assert.Equal(0, v));
        y.sum().backward();
        Assert.All(x.grad!.ToDoubles(), v => Assert.Equal(0, v));
    }

    [Fact]
    public void Module_DrawsItsMaskFromItsGenerator_LikeTheFunctionalForm()
    {
        var x = Input(1000, 15);
        var layer = nn.Dropout(0.25, new Generator(16));
        Assert.Equal(F.dropout(x, 0.25, training: true, generator: new Generator(16)).ToDoubles(), layer.forward(x).ToDoubles());
        Assert.NotEqual(layer.forward(x).ToDoubles(), layer.forward(x).ToDoubles());   // the generator moves on
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void ProbabilityOutsideTheUnitInterval_IsRejected(double p)
    {
        var e = Assert.Throws<ArgumentException>(() => F.dropout(ones(3), p));
        Assert.Contains(p.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }
}
