using GenCourse;
using static GenCourse.torch;

namespace GenCourse.Tests.Models;

/// <summary>
/// A model's layers evaluated by hand in doubles from its state dict, so loss-term tests compare the library's
/// values with a computation that shares none of its code.
/// </summary>
sealed class HandNetwork(Dictionary<string, Tensor> state)
{
    /// <summary>W x + b for the Linear layer whose parameters are named prefix.weight / prefix.bias.</summary>
    public double[] Linear(string prefix, double[] x)
    {
        var w = state[prefix + ".weight"];
        var (rows, cols) = ((int)w.shape[0], (int)w.shape[1]);
        if (x.Length != cols) throw new ArgumentException($"{prefix}: input has {x.Length} values, weight is [{rows}, {cols}]");
        var (wv, bv) = (w.ToDoubles(), state[prefix + ".bias"].ToDoubles());
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            y[r] = bv[r];
            for (int c = 0; c < cols; c++) y[r] += wv[r * cols + c] * x[c];
        }
        return y;
    }

    /// <summary>Linear layers with the given prefixes, ReLU after every one but the last unless <paramref name="reluLast"/>.</summary>
    public double[] Mlp(IReadOnlyList<string> prefixes, double[] x, bool reluLast = false)
    {
        for (int i = 0; i < prefixes.Count; i++)
        {
            x = Linear(prefixes[i], x);
            if (i < prefixes.Count - 1 || reluLast) x = x.Select(v => Math.Max(0, v)).ToArray();
        }
        return x;
    }

    public static double Softplus(double v) => Math.Max(v, 0) + Math.Log(1 + Math.Exp(-Math.Abs(v)));

    public static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    /// <summary>log Bernoulli(x; sigmoid(logit)) summed over pixels: sum x l - softplus(l).</summary>
    public static double BernoulliLogProb(double[] logits, double[] x) => logits.Select((l, j) => x[j] * l - Softplus(l)).Sum();

    /// <summary>log N(x; mean, std^2) summed over pixels.</summary>
    public static double GaussianLogProb(double[] mean, double[] x, double std) =>
        mean.Select((m, j) => -0.5 * Math.Pow((x[j] - m) / std, 2) - Math.Log(std) - 0.5 * Math.Log(2 * Math.PI)).Sum();

    /// <summary>log of the mean of exp(values), with the maximum taken out first.</summary>
    public static double LogMeanExp(IReadOnlyList<double> values)
    {
        double max = values.Max();
        return max + Math.Log(values.Sum(v => Math.Exp(v - max)) / values.Count);
    }

    /// <summary>Row <paramref name="i"/> of a 2-D tensor (or of its flattened rows) as doubles.</summary>
    public static double[] Row(Tensor t, int i) => t.flatten(1)[i].ToDoubles();

    public static double[] OneHot(long label, int classes) => Enumerable.Range(0, classes).Select(c => c == label ? 1.0 : 0).ToArray();
}

/// <summary>Equality of doubles within an absolute tolerance, for comparing arrays element by element.</summary>
sealed class Tolerance(double absolute) : IEqualityComparer<double>
{
    public bool Equals(double a, double b) => Math.Abs(a - b) <= absolute;

    public int GetHashCode(double value) => 0;
}
