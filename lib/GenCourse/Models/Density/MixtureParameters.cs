namespace GenCourse.Models.Density;

/// <summary>Covariance structure of the mixture components, as scikit-learn's <c>covariance_type</c>.</summary>
internal enum CovarianceKind
{
    /// <summary>Each component has its own full covariance matrix.</summary>
    Full,
    /// <summary>All components share one full covariance matrix.</summary>
    Tied,
    /// <summary>Each component has its own diagonal covariance matrix.</summary>
    Diag,
    /// <summary>Each component has its own single variance (sigma^2 I).</summary>
    Spherical,
}

/// <summary>
/// Weights, means and covariances of a Gaussian mixture, with the Cholesky factors of the precisions that the
/// E-step uses (scikit-learn's <c>precisions_cholesky_</c>): for full/tied, the upper-triangular P with
/// P P^T = Sigma^-1, so that (x - mu)^T Sigma^-1 (x - mu) = |(x - mu)^T P|^2; for diag/spherical, 1 / sigma per
/// coordinate. Means are row-major [K, d]; covariances are stored per kind as in scikit-learn
/// (full [K, d, d], tied [d, d], diag [K, d], spherical [K]).
/// </summary>
internal sealed class MixtureParameters
{
    public static readonly string[] KindNames = ["full", "tied", "diag", "spherical"];

    const double MachineEpsilon = 2.220446049250313e-16;

    public MixtureParameters(CovarianceKind kind, double[] weights, double[] means, double[] covariances, int dimension)
    {
        (Kind, Weights, Means, Covariances, Dimension) = (kind, weights, means, covariances, dimension);
        int k = weights.Length, d = dimension;
        Precision = new double[k * d * d];
        LogDeterminant = new double[k];
        for (int c = 0; c < k; c++)
        {
            var p = Precision.AsSpan(c * d * d, d * d);
            if (kind is CovarianceKind.Full or CovarianceKind.Tied)
                LogDeterminant[c] = InverseCholeskyTransposed(covariances.AsSpan(kind == CovarianceKind.Full ? c * d * d : 0, d * d), d, p, c);
            else
                for (int i = 0; i < d; i++)
                {
                    double variance = kind == CovarianceKind.Diag ? covariances[c * d + i] : covariances[c];
                    if (!(variance > 0)) throw IllDefined(c);
                    p[i * d + i] = 1 / Math.Sqrt(variance);
                    LogDeterminant[c] -= 0.5 * Math.Log(variance);
                }
        }
    }

    public CovarianceKind Kind { get; }

    public int Components => Weights.Length;

    public int Dimension { get; }

    public double[] Weights { get; }

    public double[] Means { get; }

    public double[] Covariances { get; }

    /// <summary>P_c as d x d row-major blocks (upper triangular; diagonal for diag/spherical).</summary>
    public double[] Precision { get; }

    /// <summary>log det P_c = -1/2 log det Sigma_c.</summary>
    public double[] LogDeterminant { get; }

    /// <summary>Sigma_c as a full d x d matrix whatever the kind.</summary>
    public double[] FullCovariance(int c)
    {
        int d = Dimension;
        var full = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                full[i * d + j] = Kind switch
                {
                    CovarianceKind.Full => Covariances[c * d * d + i * d + j],
                    CovarianceKind.Tied => Covariances[i * d + j],
                    CovarianceKind.Diag => i == j ? Covariances[c * d + i] : 0,
                    _ => i == j ? Covariances[c] : 0,
                };
        return full;
    }

    /// <summary>Free parameters (scikit-learn's <c>_n_parameters</c>): covariances + means + weights - 1.</summary>
    public int ParameterCount
    {
        get
        {
            int k = Components, d = Dimension;
            int covariance = Kind switch
            {
                CovarianceKind.Full => k * d * (d + 1) / 2,
                CovarianceKind.Tied => d * (d + 1) / 2,
                CovarianceKind.Diag => k * d,
                _ => k,
            };
            return covariance + k * d + k - 1;
        }
    }

    /// <summary>
    /// M-step from the responsibility-weighted sums around the shift m (see <see cref="MixtureStatistics"/>):
    /// N_c = sum r, mu_c = m_c + S1_c / N_c, Sigma_c = S2_c / N_c - (mu_c - m_c)(mu_c - m_c)^T, plus regCovar on the
    /// diagonal; tied pools the scatter of all components, spherical averages the diagonal.
    /// </summary>
    public static MixtureParameters MaximizationStep(MixtureStatistics s, CovarianceKind kind, double regCovar)
    {
        int k = s.Components, d = s.Dimension;
        var counts = new double[k];
        var means = new double[k * d];
        var scatter = new double[k * d * d];
        for (int c = 0; c < k; c++)
        {
            // scikit-learn adds 10 machine epsilons so that an empty component does not divide by zero.
            counts[c] = s.Weight[c] + 10 * MachineEpsilon;
            for (int i = 0; i < d; i++) means[c * d + i] = s.Shift[c * d + i] + s.First[c * d + i] / counts[c];
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++)
                {
                    double di = s.First[c * d + i] / counts[c], dj = s.First[c * d + j] / counts[c];
                    scatter[(c * d + i) * d + j] = s.Second[(c * d + i) * d + j] - counts[c] * di * dj;
                }
        }
        double total = counts.Sum();
        var weights = counts.Select(n => n / total).ToArray();
        double[] covariances;
        switch (kind)
        {
            case CovarianceKind.Full:
                covariances = new double[k * d * d];
                for (int c = 0; c < k; c++)
                    for (int i = 0; i < d * d; i++)
                        covariances[c * d * d + i] = scatter[c * d * d + i] / counts[c] + (i % (d + 1) == 0 ? regCovar : 0);
                break;
            case CovarianceKind.Tied:
                covariances = new double[d * d];
                for (int c = 0; c < k; c++)
                    for (int i = 0; i < d * d; i++) covariances[i] += scatter[c * d * d + i] / total;
                for (int i = 0; i < d; i++) covariances[i * d + i] += regCovar;
                break;
            case CovarianceKind.Diag:
                covariances = new double[k * d];
                for (int c = 0; c < k; c++)
                    for (int i = 0; i < d; i++) covariances[c * d + i] = scatter[(c * d + i) * d + i] / counts[c] + regCovar;
                break;
            default:
                covariances = new double[k];
                for (int c = 0; c < k; c++)
                {
                    for (int i = 0; i < d; i++) covariances[c] += scatter[(c * d + i) * d + i] / counts[c] + regCovar;
                    covariances[c] /= d;
                }
                break;
        }
        return new MixtureParameters(kind, weights, means, covariances, d);
    }

    /// <summary>Lower-triangular L with L L^T = Sigma (row-major d x d); throws if Sigma is not positive definite.</summary>
    internal static void Cholesky(ReadOnlySpan<double> sigma, int d, Span<double> l, int component)
    {
        l.Clear();
        for (int j = 0; j < d; j++)
        {
            double diagonal = sigma[j * d + j];
            for (int m = 0; m < j; m++) diagonal -= l[j * d + m] * l[j * d + m];
            if (!(diagonal > 0)) throw IllDefined(component);
            l[j * d + j] = Math.Sqrt(diagonal);
            for (int i = j + 1; i < d; i++)
            {
                double v = sigma[i * d + j];
                for (int m = 0; m < j; m++) v -= l[i * d + m] * l[j * d + m];
                l[i * d + j] = v / l[j * d + j];
            }
        }
    }

    /// <summary>Writes P = (L^-1)^T for Sigma = L L^T into p; returns log det P = -sum log L_ii.</summary>
    static double InverseCholeskyTransposed(ReadOnlySpan<double> sigma, int d, Span<double> p, int component)
    {
        var l = new double[d * d];
        Cholesky(sigma, d, l, component);
        // Column col of L^-1 by forward substitution, stored as row col of p.
        double logDet = 0;
        for (int col = 0; col < d; col++)
        {
            logDet -= Math.Log(l[col * d + col]);
            for (int i = col; i < d; i++)
            {
                double v = i == col ? 1 : 0;
                for (int m = col; m < i; m++) v -= l[i * d + m] * p[col * d + m];
                p[col * d + i] = v / l[i * d + i];
            }
        }
        return logDet;
    }

    static ArgumentException IllDefined(int component) => new(
        $"GaussianMixture: component {component} has an ill-defined covariance (not positive definite), e.g. from " +
        "collapsed or duplicated points; use fewer components or a larger regCovar");
}
