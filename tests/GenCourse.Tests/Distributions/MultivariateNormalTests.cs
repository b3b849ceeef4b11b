using GenCourse;
using static GenCourse.torch;

namespace GenCourse.Tests.Distributions;

public class MultivariateNormalTests
{
    static readonly Tensor Loc = tensor(new double[] { 1, -2, 0.5 });
    static readonly Tensor L = tensor(new double[,] { { 1.2, 0, 0 }, { 0.5, 0.3, 0 }, { -1, 2, 0.7 } });
    static readonly Tensor Sigma = L.matmul(L.T);

    [Fact]
    public void ScaleTril_And_CovarianceMatrix_DescribeTheSameDistribution()
    {
        var a = distributions.MultivariateNormal(Loc, scale_tril: L);
        var b = distributions.MultivariateNormal(Loc, covariance_matrix: Sigma);
        var x = randn([6, 3], generator: new Generator(1), dtype: float64);
        DistributionRefs.AssertClose(a.log_prob(x), b.log_prob(x));
        DistributionRefs.AssertClose(a.entropy(), b.entropy());
        DistributionRefs.AssertClose(L, b.scale_tril);
        DistributionRefs.AssertClose(Sigma, a.covariance_matrix);
        DistributionRefs.AssertClose(a.rsample([4], new Generator(2)), b.rsample([4], new Generator(2)));
        DistributionRefs.AssertClose(eye(3, dtype: float64), a.precision_matrix.matmul(Sigma));
    }

    [Fact]
    public void LogProb_MatchesTheDensityFormulaWithInverseAndDeterminant()
    {
        // log N(x; mu, Sigma) = -1/2 [(x - mu)^T Sigma^-1 (x - mu) + log det(2 pi Sigma)].
        var x = randn([5, 3], generator: new Generator(3), dtype: float64);
        var diff = x - Loc;
        var quadratic = (diff.matmul(linalg.inv(Sigma)) * diff).sum(-1);
        var expected = (quadratic + (Sigma * (2 * Math.PI)).logdet()) * -0.5;
        DistributionRefs.AssertClose(expected, distributions.MultivariateNormal(Loc, covariance_matrix: Sigma).log_prob(x));
    }

    [Fact]
    public void DiagonalCovariance_EqualsIndependentNormals()
    {
        var scale = tensor(new double[] { 0.5, 2, 1.5 });
        var mvn = distributions.MultivariateNormal(Loc, scale_tril: diag_embed(scale));
        var independent = distributions.Independent(distributions.Normal(Loc, scale), 1);
        var x = randn([4, 2, 3], generator: new Generator(4), dtype: float64);
        DistributionRefs.AssertClose(independent.log_prob(x), mvn.log_prob(x));
        DistributionRefs.AssertClose(independent.entropy(), mvn.entropy());
        DistributionRefs.AssertClose(independent.variance, mvn.variance);
    }

    [Fact]
    public void BatchShapes_BroadcastBetweenLocAndMatrix()
    {
        var d = distributions.MultivariateNormal(randn([4, 1, 3], generator: new Generator(5), dtype: float64), scale_tril: L.expand(2, 3, 3));
        Assert.Equal([4L, 2L], d.batch_shape);
        Assert.Equal([3L], d.event_shape);
        Assert.Equal([4L, 2L, 3L, 3L], d.covariance_matrix.shape);
        Assert.Equal([7L, 4L, 2L], d.log_prob(randn([7, 1, 1, 3], generator: new Generator(6), dtype: float64)).shape);
        Assert.Equal([7L, 4L, 2L, 3L], d.rsample([7]).shape);
        Assert.Equal([4L, 2L], d.entropy().shape);
    }

    [Fact]
    public void KlDivergence_MatchesTheFormulaWithTraceAndLogDeterminants()
    {
        // KL = 1/2 [tr(Sq^-1 Sp) + (mq - mp)^T Sq^-1 (mq - mp) - d + log det Sq - log det Sp].
        var lq = tensor(new double[,] { { 2, 0, 0 }, { -0.3, 1, 0 }, { 0.2, 0.1, 0.5 } });
        var (sp, sq) = (Sigma, lq.matmul(lq.T));
        var mq = tensor(new double[] { 0, 1, 0.25 });
        var diff = mq - Loc;
        var sqInv = linalg.inv(sq);
        double expected = 0.5 * (sqInv.matmul(sp).diagonal().sum() + diff.matmul(sqInv).matmul(diff) - 3 + sq.logdet() - sp.logdet()).item<double>();
        var kl = distributions.kl_divergence(distributions.MultivariateNormal(Loc, covariance_matrix: sp), distributions.MultivariateNormal(mq, scale_tril: lq));
        Assert.Equal(expected, kl.item<double>(), 1e-12);
    }
}
