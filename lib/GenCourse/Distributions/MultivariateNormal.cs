namespace GenCourse.Distributions;

/// <summary>
/// The Gaussian N(loc, Sigma) over vectors of length d (event_shape [d]), given by its covariance matrix
/// Sigma or by the lower Cholesky factor L (Sigma = L L^T). Everything is computed from L: log_prob with one
/// triangular solve, rsample as loc + L eps, the entropy from log det Sigma = 2 sum log diag L.
/// </summary>
public sealed class MultivariateNormal : Distribution
{
    const double Log2Pi = 1.8378770664093453;

    /// <summary>L as given (without the batch expansion), so solves run once per distinct matrix.</summary>
    readonly Tensor unbroadcastedScaleTril;

    public Tensor loc { get; }

    /// <summary>Exactly one of <paramref name="covariance_matrix"/> and <paramref name="scale_tril"/>, each [..., d, d]; loc is [..., d].</summary>
    public MultivariateNormal(Tensor loc, Tensor? covariance_matrix = null, Tensor? scale_tril = null)
        : this(Parameters(loc, covariance_matrix, scale_tril))
    {
    }

    MultivariateNormal((Tensor loc, Tensor scaleTril, long[] batch) p) : base(p.batch, [p.loc.shape[^1]])
    {
        loc = p.loc.expand([.. p.batch, p.loc.shape[^1]]);
        unbroadcastedScaleTril = p.scaleTril;
    }

    static (Tensor loc, Tensor scaleTril, long[] batch) Parameters(Tensor loc, Tensor? covariance, Tensor? scaleTril)
    {
        const string name = "MultivariateNormal";
        if ((covariance is null) == (scaleTril is null))
            throw new ArgumentException($"{name}: pass exactly one of covariance_matrix and scale_tril, got {(covariance is null ? "neither" : "both")}");
        if (loc.dim() < 1)
            throw new ArgumentException($"{name}: loc must have at least one dimension [..., d], got a 0-d tensor");
        string argument = covariance is null ? "scale_tril" : "covariance_matrix";
        var matrix = covariance ?? scaleTril!;
        long d = loc.shape[^1];
        if (matrix.dim() < 2 || matrix.shape[^1] != d || matrix.shape[^2] != d)
            throw new ArgumentException($"{name}: {argument} must have shape [..., {d}, {d}] to match loc of shape {Shape.Format(loc.shape)}, got {Shape.Format(matrix.shape)}");
        int[] batch;
        try { batch = Shape.Broadcast(loc.dims[..^1], matrix.dims[..^2], name); }
        catch (ArgumentException)
        {
            throw new ArgumentException(
                $"{name}: the batch dims of loc (shape {Shape.Format(loc.shape)}) and of {argument} (shape {Shape.Format(matrix.shape)}) do not broadcast");
        }
        var dtype = DistributionArgs.CommonFloatType(loc, matrix);
        var l = covariance is null ? CheckedScaleTril(scaleTril!.to(dtype)) : CholeskyOf(covariance.to(dtype));
        return (loc.to(dtype), l, Array.ConvertAll(batch, b => (long)b));
    }

    static Tensor CheckedScaleTril(Tensor l)
    {
        if (!Distribution.ValidateArgs) return l;
        DistributionArgs.Positive("MultivariateNormal", "the diagonal of scale_tril", l.detach().diagonal(dim1: -2, dim2: -1));
        double above = l.detach().triu(1).abs().amax().item<double>();
        if (above != 0)
            throw new ArgumentException($"MultivariateNormal: scale_tril must be lower triangular, but an entry above its diagonal is {above} (use torch.tril or pass covariance_matrix)");
        return l;
    }

    static Tensor CholeskyOf(Tensor covariance)
    {
        if (Distribution.ValidateArgs)
        {
            double asymmetry = (covariance.detach() - covariance.detach().mT).abs().amax().item<double>();
            if (asymmetry > 1e-6 * Math.Max(1, covariance.detach().abs().amax().item<double>()))
                throw new ArgumentException($"MultivariateNormal: covariance_matrix must be symmetric, but it differs from its transpose by up to {asymmetry}");
        }
        try { return torch.linalg.cholesky(covariance); }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"MultivariateNormal: covariance_matrix must be positive definite; {e.Message}", e);
        }
    }

    long D => event_shape[0];

    public Tensor scale_tril => unbroadcastedScaleTril.expand([.. batch_shape, D, D]);

    /// <summary>Sigma = L L^T.</summary>
    public Tensor covariance_matrix => unbroadcastedScaleTril.matmul(unbroadcastedScaleTril.mT).expand([.. batch_shape, D, D]);

    /// <summary>Sigma^-1 = L^-T L^-1.</summary>
    public Tensor precision_matrix
    {
        get
        {
            var inverse = torch.linalg.solve_triangular(unbroadcastedScaleTril, torch.eye(D, dtype: loc.dtype), upper: false);
            return inverse.mT.matmul(inverse).expand([.. batch_shape, D, D]);
        }
    }

    public override bool has_rsample => true;

    public override Tensor mean => loc;

    /// <summary>diag(Sigma)_i = sum_j L_ij^2.</summary>
    public override Tensor variance => unbroadcastedScaleTril.square().sum(-1).expand([.. batch_shape, D]);

    /// <summary>loc + L eps with eps ~ N(0, I).</summary>
    public override Tensor rsample(long[]? sample_shape = null, Generator? generator = null)
    {
        var eps = torch.randn(ExtendedShape(sample_shape), generator: generator, dtype: loc.dtype);
        return loc + eps.unsqueeze(-2).matmul(unbroadcastedScaleTril.mT).squeeze(-2);
    }

    /// <summary>log p(x) = -(d log(2 pi) + |L^-1 (x - mu)|^2) / 2 - sum log diag L.</summary>
    public override Tensor log_prob(Tensor value)
    {
        CheckValue(value);
        var m = Mahalanobis(unbroadcastedScaleTril, value - loc);
        return (m + D * Log2Pi) * -0.5 - HalfLogDet(unbroadcastedScaleTril);
    }

    /// <summary>H = d (1 + log 2 pi) / 2 + sum log diag L.</summary>
    public override Tensor entropy() =>
        (HalfLogDet(unbroadcastedScaleTril) + 0.5 * D * (1 + Log2Pi)).expand(batch_shape);

    /// <summary>log det(L) = sum log diag L = log det(Sigma) / 2.</summary>
    internal static Tensor HalfLogDet(Tensor scaleTril) => scaleTril.diagonal(dim1: -2, dim2: -1).log().sum(-1);

    /// <summary>|L^-1 x|^2 over the last dim, batched with broadcasting; the leading dims of x that L does not have become right-hand sides of one triangular solve per matrix.</summary>
    internal static Tensor Mahalanobis(Tensor scaleTril, Tensor x)
    {
        long d = scaleTril.shape[^1];
        var full = Shape.Broadcast(scaleTril.dims[..^2], x.dims[..^1], "MultivariateNormal").Select(s => (long)s).ToArray();
        int outer = full.Length - (scaleTril.dim() - 2);
        long samples = full[..outer].Aggregate(1L, (a, b) => a * b), matrices = full[outer..].Aggregate(1L, (a, b) => a * b);
        var rhs = x.expand([.. full, d]).reshape(samples, matrices, d).permute(1, 2, 0);
        var l = scaleTril.expand([.. full[outer..], d, d]).reshape(matrices, d, d);
        var z = torch.linalg.solve_triangular(l, rhs, upper: false);
        return z.square().sum(1).t().reshape(full);
    }
}
