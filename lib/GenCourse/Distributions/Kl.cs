namespace GenCourse.Distributions;

/// <summary>Closed-form Kullback-Leibler divergences KL(p || q) = E_p[log p(x) - log q(x)], one value per batch element.</summary>
public static class Kl
{
    /// <summary>
    /// KL(p || q) for the pairs with a closed form: Normal, MultivariateNormal, Bernoulli, Categorical and
    /// OneHotCategorical with themselves, and Independent pairs (summing the base KL over the reinterpreted dims).
    /// </summary>
    public static Tensor kl_divergence(Distribution p, Distribution q) => (p, q) switch
    {
        (Normal a, Normal b) => NormalNormal(a, b),
        (MultivariateNormal a, MultivariateNormal b) => MultivariateNormalPair(a, b),
        (Bernoulli a, Bernoulli b) => BernoulliBernoulli(a, b),
        (Categorical a, Categorical b) => CategoricalCategorical(a, b),
        (OneHotCategorical a, OneHotCategorical b) => CategoricalCategorical(a.AsCategorical, b.AsCategorical),
        (Independent a, Independent b) => IndependentIndependent(a, b),
        _ => throw new NotSupportedException(
            $"kl_divergence: no closed form is implemented for KL({p.Name} || {q.Name}); supported pairs are Normal-Normal, " +
            "MultivariateNormal-MultivariateNormal, Bernoulli-Bernoulli, Categorical-Categorical, OneHotCategorical-OneHotCategorical " +
            "and Independent-Independent (estimate other pairs by Monte Carlo: (p.log_prob(x) - q.log_prob(x)).mean() with x = p.sample())"),
    };

    /// <summary>log(sigma_q / sigma_p) + (sigma_p^2 + (mu_p - mu_q)^2) / (2 sigma_q^2) - 1/2.</summary>
    static Tensor NormalNormal(Normal p, Normal q)
    {
        var varianceRatio = (p.scale / q.scale).square();
        var meanTerm = ((p.loc - q.loc) / q.scale).square();
        return (varianceRatio + meanTerm - 1 - varianceRatio.log()) * 0.5;
    }

    /// <summary>1/2 [tr(Sigma_q^-1 Sigma_p) + |L_q^-1 (mu_q - mu_p)|^2 - d + log det Sigma_q - log det Sigma_p], all from the Cholesky factors.</summary>
    static Tensor MultivariateNormalPair(MultivariateNormal p, MultivariateNormal q)
    {
        if (!p.event_shape.SequenceEqual(q.event_shape))
            throw new ArgumentException($"kl_divergence: the MultivariateNormals have different event shapes {Shape.Format(p.event_shape)} and {Shape.Format(q.event_shape)}");
        var (lp, lq) = (p.scale_tril, q.scale_tril);
        var trace = torch.linalg.solve_triangular(lq, lp, upper: false).square().sum([-2, -1]);
        var mahalanobis = MultivariateNormal.Mahalanobis(lq, q.loc - p.loc);
        var halfLogDetRatio = MultivariateNormal.HalfLogDet(lq) - MultivariateNormal.HalfLogDet(lp);
        return halfLogDetRatio + (trace + mahalanobis - p.event_shape[0]) * 0.5;
    }

    /// <summary>p log(p/q) + (1-p) log((1-p)/(1-q)), written with logits: log p = -softplus(-l), log(1-p) = -softplus(l).</summary>
    static Tensor BernoulliBernoulli(Bernoulli p, Bernoulli q)
    {
        var positive = p.probs * (DistributionArgs.Softplus(-q.logits) - DistributionArgs.Softplus(-p.logits));
        var negative = (1 - p.probs) * (DistributionArgs.Softplus(q.logits) - DistributionArgs.Softplus(p.logits));
        return positive + negative;
    }

    /// <summary>sum_k p_k (log p_k - log q_k), with 0 log 0 = 0.</summary>
    static Tensor CategoricalCategorical(Categorical p, Categorical q)
    {
        var terms = p.probs * (p.logits - q.logits);
        return torch.where(p.probs.eq(0), 0.0, terms).sum(-1);
    }

    static Tensor IndependentIndependent(Independent p, Independent q)
    {
        if (p.reinterpreted_batch_ndims != q.reinterpreted_batch_ndims)
            throw new NotSupportedException(
                $"kl_divergence: Independent distributions with different reinterpreted_batch_ndims ({p.reinterpreted_batch_ndims} and {q.reinterpreted_batch_ndims}) are not supported");
        return DistributionArgs.SumRightmost(kl_divergence(p.base_dist, q.base_dist), p.reinterpreted_batch_ndims);
    }
}
