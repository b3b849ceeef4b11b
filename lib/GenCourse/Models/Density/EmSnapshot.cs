namespace GenCourse.Models.Density;

/// <summary>
/// The parameters of a <see cref="GaussianMixture"/> after some EM iterations (0 = the initialisation), for plotting
/// or animating EM. Covariances are always given as full matrices [K, d, d], whatever the covariance type.
/// </summary>
/// <param name="Iteration">Number of EM iterations (E-step + M-step) done.</param>
/// <param name="Weights">Mixing weights [K].</param>
/// <param name="Means">Means [K, d].</param>
/// <param name="Covariances">Covariance matrices [K, d, d].</param>
/// <param name="MeanLogLikelihood">Mean log-likelihood of the training data under these parameters (nats per point).</param>
public sealed record EmSnapshot(int Iteration, Tensor Weights, Tensor Means, Tensor Covariances, double MeanLogLikelihood);
