namespace GenCourse.Metrics;

/// <summary>A Monte-Carlo estimate: the sample mean and its standard error (sample standard deviation / sqrt(n)).</summary>
public readonly record struct MonteCarloEstimate(double Value, double StandardError)
{
    /// <summary>Mean and standard error of the terms.</summary>
    public static MonteCarloEstimate Of(IReadOnlyCollection<double> terms)
    {
        double mean = terms.Average();
        double variance = terms.Count > 1 ? terms.Sum(t => (t - mean) * (t - mean)) / (terms.Count - 1) : double.NaN;
        return new MonteCarloEstimate(mean, Math.Sqrt(variance / terms.Count));
    }

    public override string ToString() => FormattableString.Invariant($"{Value:G6} ± {StandardError:G2}");
}
