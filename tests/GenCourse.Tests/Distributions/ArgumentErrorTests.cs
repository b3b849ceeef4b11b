using GenCourse;
using GenCourse.Distributions;
using static GenCourse.torch;

namespace GenCourse.Tests.Distributions;

/// <summary>Invalid arguments fail at construction with messages naming the distribution, the argument and the value or shape received.</summary>
public class ArgumentErrorTests
{
    static void Throws(Action create, params string[] fragments)
    {
        var e = Assert.ThrowsAny<ArgumentException>(create);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void NonPositiveScale_NamesTheDistributionArgumentValueAndIndex()
    {
        Throws(() => distributions.Normal(zeros([3], float64), tensor(new double[] { 1, -1, 2 })), "Normal", "scale", "positive", "-1", "index [1]", "[3]");
        Throws(() => distributions.Laplace(0.0, 0.0), "Laplace", "scale", "got 0");
        Throws(() => distributions.Logistic(0.0, double.NaN), "Logistic", "scale", "NaN");
        Throws(() => distributions.Beta(tensor(new double[] { 1, 2 }), tensor(new double[] { 0.5, -3 })), "Beta", "concentration0", "-3");
    }

    [Fact]
    public void ProbabilitiesOutsideTheUnitInterval_AreRejected()
    {
        Throws(() => distributions.Bernoulli(probs: tensor(new double[] { 0.5, 1.5 })), "Bernoulli", "probs", "[0, 1]", "1.5");
        Throws(() => distributions.Categorical(probs: tensor(new double[] { 0.5, -0.1 })), "Categorical", "probs", "non-negative", "-0.1");
    }

    [Fact]
    public void ProbsAndLogits_ExactlyOneMustBeGiven()
    {
        Throws(() => distributions.Bernoulli(), "Bernoulli", "exactly one of probs and logits", "neither");
        Throws(() => distributions.Categorical(probs: ones([2], float64), logits: ones([2], float64)), "Categorical", "both");
        Throws(() => distributions.Categorical(logits: tensor(1.0, float64)), "Categorical", "at least one dimension");
    }

    [Fact]
    public void ParametersThatDoNotBroadcast_AreNamedWithTheirShapes()
    {
        Throws(() => distributions.Normal(zeros([3], float64), ones([2], float64)), "Normal", "loc of shape [3]", "scale of shape [2]");
        Throws(() => distributions.Uniform(zeros([2, 3], float64), ones([4], float64)), "Uniform", "low of shape [2, 3]", "high of shape [4]");
        Throws(() => distributions.Uniform(1.0, 1.0), "Uniform", "high - low", "positive");
    }

    [Fact]
    public void ValuesOfTheWrongShapeOrType_AreRejectedByLogProb()
    {
        var normal = distributions.Normal(zeros([3], float64), ones([3], float64));
        Throws(() => normal.log_prob(zeros([2, 4], float64)), "Normal.log_prob", "[2, 4]", "batch_shape [3]");
        var mvn = distributions.MultivariateNormal(zeros([3], float64), covariance_matrix: eye(3, dtype: float64));
        Throws(() => mvn.log_prob(zeros([5, 2], float64)), "MultivariateNormal.log_prob", "[5, 2]", "event_shape [3]");
        var categorical = distributions.Categorical(logits: zeros([4], float64));
        Throws(() => categorical.log_prob(tensor(1.0, float64)), "Categorical.log_prob", "int64");
        Throws(() => categorical.log_prob(tensor(new long[] { 0, 4 })), "Categorical.log_prob", "category 4", "0..3");
    }

    [Fact]
    public void MultivariateNormal_ChecksItsMatrix()
    {
        var loc = zeros([2], float64);
        Throws(() => distributions.MultivariateNormal(loc), "MultivariateNormal", "exactly one of covariance_matrix and scale_tril");
        Throws(() => distributions.MultivariateNormal(loc, covariance_matrix: eye(3, dtype: float64)), "covariance_matrix", "[..., 2, 2]", "[3, 3]");
        Throws(() => distributions.MultivariateNormal(loc, covariance_matrix: tensor(new double[,] { { 1, 2 }, { 2, 1 } })),
            "MultivariateNormal", "positive definite", "linalg.cholesky", "order 2");
        Throws(() => distributions.MultivariateNormal(loc, covariance_matrix: tensor(new double[,] { { 1, 0.5 }, { 0, 1 } })), "symmetric");
        Throws(() => distributions.MultivariateNormal(loc, scale_tril: tensor(new double[,] { { 1, 0.5 }, { 0, 1 } })), "lower triangular", "0.5");
        Throws(() => distributions.MultivariateNormal(loc, scale_tril: tensor(new double[,] { { 1, 0 }, { 0.5, -1 } })), "diagonal of scale_tril", "-1");
        Throws(() => distributions.MultivariateNormal(zeros([3, 2], float64), scale_tril: eye(2, dtype: float64).expand(4, 2, 2)), "batch dims", "[3, 2]", "[4, 2, 2]");
    }

    [Fact]
    public void Independent_RejectsMoreDimsThanTheBatchHas()
    {
        Throws(() => distributions.Independent(distributions.Normal(zeros([3], float64), ones([3], float64)), 2),
            "Independent", "reinterpreted_batch_ndims", "got 2", "Normal(batch_shape=[3]");
    }

    [Fact]
    public void MissingClosedForms_ThrowNotSupported_NamingTheDistribution()
    {
        var transformed = distributions.TransformedDistribution(distributions.Normal(0.0, 1.0), distributions.ExpTransform());
        Assert.Contains("TransformedDistribution.entropy", Assert.Throws<NotSupportedException>(() => transformed.entropy()).Message);
        Assert.Contains("TransformedDistribution.mean", Assert.Throws<NotSupportedException>(() => transformed.mean).Message);
        Assert.Contains("Beta.cdf", Assert.Throws<NotSupportedException>(() => distributions.Beta(1.0, 2.0).cdf(tensor(0.5))).Message);
        var mixed = distributions.TransformedDistribution(distributions.Normal(zeros([2]), ones([2])),
            distributions.AffineTransform(zeros([2]), tensor(new float[] { 1, -1 })));
        Assert.Contains("monotone", Assert.Throws<NotSupportedException>(() => mixed.cdf(zeros([2]))).Message);
    }
}

/// <summary>Turning validation off is global state, so these tests run after the parallel ones, alone.</summary>
[CollectionDefinition(nameof(ValidateArgsCollection), DisableParallelization = true)]
public class ValidateArgsCollection;

[Collection(nameof(ValidateArgsCollection))]
public class ValidateArgsTests
{
    [Fact]
    public void SetDefaultValidateArgs_False_SkipsTheValueChecks()
    {
        Distribution.set_default_validate_args(false);
        try
        {
            var d = distributions.Normal(0.0, -1.0, float64);
            Assert.Equal(-1.0, d.stddev.item<double>());
        }
        finally { Distribution.set_default_validate_args(true); }
        Assert.Throws<ArgumentException>(() => distributions.Normal(0.0, -1.0));
    }
}
