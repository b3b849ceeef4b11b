using GenCourse.Distributions;

namespace GenCourse;

public static partial class torch
{
    /// <summary>
    /// Probability distributions, like torch.distributions: <c>distributions.Normal(mu, sigma).log_prob(x)</c>,
    /// <c>.rsample()</c> for reparameterised samples, <c>distributions.kl_divergence(q, p)</c>.
    /// </summary>
    public static partial class distributions
    {
        public static Normal Normal(Tensor loc, Tensor scale) => new(loc, scale);

        public static Normal Normal(double loc, double scale, ScalarType? dtype = null) => new(tensor(loc, dtype), tensor(scale, dtype));

        /// <summary>Exactly one of <paramref name="probs"/> and <paramref name="logits"/>.</summary>
        public static Bernoulli Bernoulli(Tensor? probs = null, Tensor? logits = null) => new(probs, logits);

        /// <summary>Exactly one of <paramref name="probs"/> and <paramref name="logits"/>, each [..., K].</summary>
        public static Categorical Categorical(Tensor? probs = null, Tensor? logits = null) => new(probs, logits);

        public static OneHotCategorical OneHotCategorical(Tensor? probs = null, Tensor? logits = null) => new(probs, logits);

        public static Uniform Uniform(Tensor low, Tensor high) => new(low, high);

        public static Uniform Uniform(double low, double high, ScalarType? dtype = null) => new(tensor(low, dtype), tensor(high, dtype));

        public static Laplace Laplace(Tensor loc, Tensor scale) => new(loc, scale);

        public static Laplace Laplace(double loc, double scale, ScalarType? dtype = null) => new(tensor(loc, dtype), tensor(scale, dtype));

        public static Logistic Logistic(Tensor loc, Tensor scale) => new(loc, scale);

        public static Logistic Logistic(double loc, double scale, ScalarType? dtype = null) => new(tensor(loc, dtype), tensor(scale, dtype));

        public static Beta Beta(Tensor concentration1, Tensor concentration0) => new(concentration1, concentration0);

        public static Beta Beta(double concentration1, double concentration0, ScalarType? dtype = null) =>
            new(tensor(concentration1, dtype), tensor(concentration0, dtype));

        /// <summary>Exactly one of <paramref name="covariance_matrix"/> and <paramref name="scale_tril"/>.</summary>
        public static MultivariateNormal MultivariateNormal(Tensor loc, Tensor? covariance_matrix = null, Tensor? scale_tril = null) =>
            new(loc, covariance_matrix, scale_tril);

        public static Independent Independent(Distribution base_distribution, int reinterpreted_batch_ndims) =>
            new(base_distribution, reinterpreted_batch_ndims);

        public static MixtureSameFamily MixtureSameFamily(Categorical mixture_distribution, Distribution component_distribution) =>
            new(mixture_distribution, component_distribution);

        public static TransformedDistribution TransformedDistribution(Distribution base_distribution, params Transform[] transforms) =>
            new(base_distribution, transforms);

        public static AffineTransform AffineTransform(Tensor loc, Tensor scale) => new(loc, scale);

        public static AffineTransform AffineTransform(double loc, double scale) => new(loc, scale);

        public static ExpTransform ExpTransform() => new();

        public static SigmoidTransform SigmoidTransform() => new();

        /// <summary>KL(p || q) in closed form; see <see cref="Kl.kl_divergence"/> for the supported pairs.</summary>
        public static Tensor kl_divergence(Distribution p, Distribution q) => Kl.kl_divergence(p, q);
    }
}
