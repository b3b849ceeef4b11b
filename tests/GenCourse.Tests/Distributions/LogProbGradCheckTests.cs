using GenCourse;
using static GenCourse.torch;
using static GenCourse.Tests.Tensors.GradCheck;

namespace GenCourse.Tests.Distributions;

/// <summary>
/// Gradients of log_prob (and of entropy and KL) with respect to the parameters and the value, against central
/// differences, with second-order checks where training uses them (gradient penalties, natural gradients).
/// Scales are parameterised as exp(.) and triangular factors as tril(.) + positive diagonal inside the checked function.
/// </summary>
public class LogProbGradCheckTests
{
    static Tensor Value(ulong seed, params long[] shape) => Input(seed, shape).detach();

    [Fact]
    public void Normal_LogProb_GradCheck_LocScaleAndValue()
    {
        Func<Tensor[], Tensor> f = a => distributions.Normal(a[0], a[1].exp()).log_prob(a[2]);
        Check(f, [Input(1, 3), Input(2, 3), Input(3, 2, 3)], what: "Normal.log_prob");
        CheckSecondOrder(f, [Input(4, 3), Input(5, 3), Input(6, 3)], what: "Normal.log_prob");
    }

    [Fact]
    public void Bernoulli_LogProbFromLogits_GradCheck()
    {
        var value = tensor(new double[] { 1, 0, 1, 0, 1, 1 }, [2, 3]);
        Func<Tensor[], Tensor> f = a => distributions.Bernoulli(logits: a[0] * 4).log_prob(value);
        Check(f, [Input(7, 3)], what: "Bernoulli.log_prob");
        CheckSecondOrder(f, [Input(8, 3)], what: "Bernoulli.log_prob");
        Check(a => distributions.Bernoulli(logits: a[0]).entropy(), [Input(9, 4)], what: "Bernoulli.entropy");
    }

    [Fact]
    public void Bernoulli_LogProbGradient_IsValueMinusSigmoid_EvenAtZeroLogits()
    {
        var logits = zeros([2], float64, requires_grad: true);
        var value = tensor(new double[] { 1, 0 });
        var grad = autograd.grad([distributions.Bernoulli(logits: logits).log_prob(value).sum()], [logits])[0]!;
        Assert.Equal(new[] { 0.5, -0.5 }, grad.ToArray<double>());
    }

    [Fact]
    public void DerivedParameters_FirstComputedUnderNoGrad_StillCarryGradients()
    {
        var p = tensor(new double[] { 0.2, 0.7 }, requires_grad: true);
        var bernoulli = distributions.Bernoulli(probs: p);
        var categorical = distributions.Categorical(probs: p);
        using (no_grad())
        {
            bernoulli.entropy();
            categorical.entropy();
        }
        Assert.NotNull(autograd.grad([bernoulli.log_prob(tensor(new double[] { 1, 0 })).sum()], [p])[0]);
        Assert.NotNull(autograd.grad([categorical.log_prob(tensor(new long[] { 1 })).sum()], [p])[0]);
    }

    [Fact]
    public void Categorical_LogProbFromLogits_GradCheck()
    {
        var value = tensor(new long[] { 0, 2, 3, 1, 1, 0 }, [3, 2]);
        Func<Tensor[], Tensor> f = a => distributions.Categorical(logits: a[0]).log_prob(value);
        Check(f, [Input(10, 2, 4)], what: "Categorical.log_prob");
        CheckSecondOrder(f, [Input(11, 2, 4)], what: "Categorical.log_prob");
        Check(a => distributions.Categorical(logits: a[0]).entropy(), [Input(12, 2, 4)], what: "Categorical.entropy");
        Check(a => distributions.Categorical(probs: a[0].exp()).log_prob(value), [Input(13, 2, 4)], what: "Categorical(probs).log_prob");
    }

    static Tensor ScaleTril(Tensor raw) => raw.tril(-1) + diag_embed(raw.diagonal(dim1: -2, dim2: -1).exp());

    [Fact]
    public void MultivariateNormal_LogProbFromScaleTril_GradCheck()
    {
        Func<Tensor[], Tensor> f = a => distributions.MultivariateNormal(a[0], scale_tril: ScaleTril(a[1])).log_prob(a[2]);
        Check(f, [Input(14, 2, 3), Input(15, 3, 3), Input(16, 4, 2, 3)], what: "MultivariateNormal.log_prob");
        CheckSecondOrder(f, [Input(17, 3), Input(18, 3, 3), Input(19, 2, 3)], what: "MultivariateNormal.log_prob");
        Check(a => distributions.MultivariateNormal(a[0], covariance_matrix: a[1].matmul(a[1].mT) + eye(3, dtype: float64)).log_prob(Value(20, 2, 3)),
            [Input(21, 3), Input(22, 3, 3)], what: "MultivariateNormal(covariance).log_prob");
        Check(a => distributions.MultivariateNormal(zeros([3], float64), scale_tril: ScaleTril(a[0])).entropy(), [Input(23, 2, 3, 3)], what: "MultivariateNormal.entropy");
    }

    [Fact]
    public void OtherContinuousDistributions_LogProb_GradCheck()
    {
        var x = Value(24, 2, 3);
        Check(a => distributions.Laplace(a[0], a[1].exp()).log_prob(x), [Input(25, 3), Input(26, 3)], what: "Laplace.log_prob");
        Check(a => distributions.Logistic(a[0], a[1].exp()).log_prob(x), [Input(27, 3), Input(28, 3)], what: "Logistic.log_prob");
        var unit = x.sigmoid();
        Func<Tensor[], Tensor> beta = a => distributions.Beta(a[0].exp(), a[1].exp()).log_prob(unit);
        Check(beta, [Input(29, 3), Input(30, 3)], what: "Beta.log_prob");
        CheckSecondOrder(beta, [Input(31, 3), Input(32, 3)], what: "Beta.log_prob");
        Check(a => distributions.Beta(a[0].exp(), a[1].exp()).entropy(), [Input(33, 3), Input(34, 3)], what: "Beta.entropy");
        Check(a => distributions.TransformedDistribution(distributions.Normal(a[0], a[1].exp()), distributions.ExpTransform()).log_prob(x.exp()),
            [Input(35, 3), Input(36, 3)], what: "LogNormal.log_prob");
    }

    [Fact]
    public void MixtureSameFamily_LogProb_GradCheck()
    {
        var x = Value(37, 4, 2);
        Check(a => distributions.MixtureSameFamily(distributions.Categorical(logits: a[0]),
                distributions.Independent(distributions.Normal(a[1], a[2].exp()), 1)).log_prob(x),
            [Input(38, 3), Input(39, 3, 2), Input(40, 3, 2)], what: "MixtureSameFamily.log_prob");
    }

    [Fact]
    public void KlDivergence_GradCheck_NormalAndMultivariateNormal()
    {
        Check(a => distributions.kl_divergence(distributions.Normal(a[0], a[1].exp()), distributions.Normal(a[2], a[3].exp())),
            [Input(41, 3), Input(42, 3), Input(43, 3), Input(44, 3)], what: "KL Normal");
        Func<Tensor[], Tensor> mvn = a => distributions.kl_divergence(
            distributions.MultivariateNormal(a[0], scale_tril: ScaleTril(a[1])), distributions.MultivariateNormal(a[2], scale_tril: ScaleTril(a[3])));
        Check(mvn, [Input(45, 2, 3), Input(46, 3, 3), Input(47, 3), Input(48, 2, 3, 3)], what: "KL MultivariateNormal");
        CheckSecondOrder(mvn, [Input(49, 2), Input(50, 2, 2), Input(51, 2), Input(52, 2, 2)], what: "KL MultivariateNormal");
    }
}
