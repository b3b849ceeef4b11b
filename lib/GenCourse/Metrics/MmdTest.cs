namespace GenCourse.Metrics;

/// <summary>Result of the MMD permutation two-sample test (see <see cref="Mmd.PermutationTest"/>).</summary>
/// <param name="Statistic">MMD^2 of the two samples as given.</param>
/// <param name="PValue">(1 + #{permuted MMD^2 &gt;= Statistic}) / (1 + permutations): small means "different distributions".</param>
/// <param name="NullStatistics">MMD^2 of each random relabelling of the pooled sample (the null distribution).</param>
/// <param name="Bandwidths">The Gaussian kernel bandwidths used.</param>
public sealed record MmdTest(double Statistic, double PValue, double[] NullStatistics, double[] Bandwidths);
