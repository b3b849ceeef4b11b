namespace GenCourse.Models.Vae;

/// <summary>Closed-form KL divergences used by the ELBO.</summary>
public static class Kl
{
    /// <summary>
    /// KL(N(mu, diag exp(logVar)) || N(0, I)) per example, summed over the latent dims:
    /// 0.5 * sum(mu^2 + exp(logVar) - 1 - logVar).
    /// </summary>
    public static Tensor StandardNormal(Tensor mu, Tensor logVar) =>
        0.5 * (mu.square() + logVar.exp() - 1 - logVar).sum(-1);

    /// <summary>KL(N(mu1, exp(logVar1)) || N(mu2, exp(logVar2))) per example, summed over the last dim.</summary>
    public static Tensor DiagonalNormals(Tensor mu1, Tensor logVar1, Tensor mu2, Tensor logVar2) =>
        0.5 * (logVar2 - logVar1 + (logVar1.exp() + (mu1 - mu2).square()) / logVar2.exp() - 1).sum(-1);
}
