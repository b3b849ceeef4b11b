namespace GenCourse.Models.Density;

/// <summary>
/// Result of choosing a KDE bandwidth by k-fold cross-validation: for each candidate bandwidth, the held-out
/// log-likelihood per point averaged over the folds (the curve to plot), and the bandwidth that maximises it.
/// </summary>
/// <param name="Bandwidths">The candidate bandwidths, in the order given.</param>
/// <param name="MeanLogLikelihood">Mean over folds of the mean held-out log density (nats per point); -inf when a
/// compact kernel gives some held-out point zero density.</param>
/// <param name="Best">The candidate with the largest <paramref name="MeanLogLikelihood"/> (the first one on ties).</param>
/// <param name="Folds">Number of folds.</param>
public sealed record BandwidthSearch(double[] Bandwidths, double[] MeanLogLikelihood, double Best, int Folds);
