namespace GenCourse.Models.Density;

/// <summary>The cross-validation risk J of histograms with 1..maxBins bins per axis (see <see cref="BinRules.CrossValidationRisk"/>).</summary>
/// <param name="BinCounts">Bins per axis, m = 1..maxBins.</param>
/// <param name="Risk">J for each m; lower is better.</param>
/// <param name="Best">The m with the smallest risk.</param>
public sealed record HistogramRisk(int[] BinCounts, double[] Risk, int Best);
