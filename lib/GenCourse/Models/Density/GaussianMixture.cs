namespace GenCourse.Models.Density;

/// <summary>
/// Gaussian mixture p(x) = sum_c w_c N(x | mu_c, Sigma_c) fitted by EM, following scikit-learn 1.2's
/// <c>GaussianMixture</c>: initial responsibilities from k-means ("kmeans"), uniform random numbers ("random": every
/// component starts near the data mean, and on symmetric data EM can stall there) or K distinct data points drawn at
/// random, each the only member of its component ("random_from_data", scikit-learn 1.1+; the means start at those points),
/// then E-step (responsibilities) / M-step (weights, means, covariances + regCovar on the diagonal) until the mean
/// log-likelihood (the lower bound) changes by less than tol; the best of nInit runs is kept.
/// Every iteration's parameters are kept in <see cref="Snapshots"/> so a notebook can animate EM.
/// </summary>
/// <example><code>
/// var gmm = new GaussianMixture(nComponents: 3, covarianceType: "full", generator: new Generator(0)).Fit(x);
/// var logDensity = gmm.ScoreSamples(x);      // [n]
/// var labels = gmm.Predict(x);               // [n] int64
/// double bic = gmm.Bic(x);
/// </code></example>
public sealed class GaussianMixture
{
    readonly CovarianceKind kind;
    readonly Generator? generator;
    MixtureParameters? parameters;
    bool fittedOnVector;

    public GaussianMixture(int nComponents = 1, string covarianceType = "full", double tol = 1e-3, double regCovar = 1e-6,
        int maxIter = 100, int nInit = 1, string init = "kmeans", Generator? generator = null)
    {
        const string op = "GaussianMixture";
        if (nComponents < 1) throw new ArgumentException($"{op}: nComponents must be >= 1, got {nComponents}", nameof(nComponents));
        int kindIndex = Array.IndexOf(MixtureParameters.KindNames, covarianceType);
        if (kindIndex < 0)
            throw new ArgumentException($"{op}: unknown covarianceType \"{covarianceType}\"; expected one of {string.Join(", ", MixtureParameters.KindNames)}", nameof(covarianceType));
        if (!(tol >= 0)) throw new ArgumentException($"{op}: tol must be >= 0, got {tol}", nameof(tol));
        if (!(regCovar >= 0)) throw new ArgumentException($"{op}: regCovar must be >= 0, got {regCovar}", nameof(regCovar));
        if (maxIter < 0) throw new ArgumentException($"{op}: maxIter must be >= 0, got {maxIter}", nameof(maxIter));
        if (nInit < 1) throw new ArgumentException($"{op}: nInit must be >= 1, got {nInit}", nameof(nInit));
        if (init is not ("kmeans" or "random" or "random_from_data"))
            throw new ArgumentException($"{op}: init must be \"kmeans\", \"random\" or \"random_from_data\", got \"{init}\"", nameof(init));
        (NComponents, CovarianceType, Tol, RegCovar, MaxIter, NInit, Init, this.generator) =
            (nComponents, covarianceType, tol, regCovar, maxIter, nInit, init, generator);
        kind = (CovarianceKind)kindIndex;
    }

    public int NComponents { get; }

    /// <summary>"full", "tied", "diag" or "spherical".</summary>
    public string CovarianceType { get; }

    public double Tol { get; }

    public double RegCovar { get; }

    public int MaxIter { get; }

    public int NInit { get; }

    /// <summary>"kmeans", "random" or "random_from_data".</summary>
    public string Init { get; }

    /// <summary>Mixing weights w_c, float64 [K].</summary>
    public Tensor Weights => torch.tensor(Fitted.Weights);

    /// <summary>Means mu_c, float64 [K, d].</summary>
    public Tensor Means => torch.tensor(Fitted.Means, [NComponents, Fitted.Dimension]);

    /// <summary>Covariances shaped as scikit-learn's: full [K, d, d], tied [d, d], diag [K, d], spherical [K].</summary>
    public Tensor Covariances
    {
        get
        {
            int k = NComponents, d = Fitted.Dimension;
            long[] shape = kind switch
            {
                CovarianceKind.Full => [k, d, d],
                CovarianceKind.Tied => [d, d],
                CovarianceKind.Diag => [k, d],
                _ => [k],
            };
            return torch.tensor(Fitted.Covariances, shape);
        }
    }

    /// <summary>
    /// True when the kept (best) run stopped because the lower bound changed by less than tol
    /// (scikit-learn 1.2's <c>converged_</c> is true when any of the nInit runs converged).
    /// </summary>
    public bool Converged { get; private set; }

    /// <summary>EM iterations of the best run.</summary>
    public int NIter { get; private set; }

    /// <summary>Lower bound (mean log-likelihood) of the best run at its last E-step, as scikit-learn's <c>lower_bound_</c>.</summary>
    public double LowerBound { get; private set; }

    /// <summary>Parameters after each iteration of the best run (index 0: the initialisation).</summary>
    public IReadOnlyList<EmSnapshot> Snapshots { get; private set; } = [];

    /// <summary>Number of free parameters (as scikit-learn): covariances + K d means + K - 1 weights.</summary>
    public int ParameterCount => Fitted.ParameterCount;

    MixtureParameters Fitted => parameters ?? throw new InvalidOperationException("GaussianMixture: call Fit(x) before using the model");

    /// <summary>Runs EM nInit times on x [n, d] (or [n]) and keeps the run with the largest lower bound.</summary>
    public GaussianMixture Fit(Tensor x)
    {
        var points = Points.From(x, "GaussianMixture.Fit", minCount: Math.Max(2, NComponents));
        var gen = new RandomStream(generator);
        double bestBound = double.NegativeInfinity;
        for (int run = 0; run < NInit; run++)
        {
            var p = Initialize(points, gen);
            var history = new List<(MixtureParameters parameters, double logLikelihood)> { (p, double.NaN) };
            double bound = double.NegativeInfinity;
            int iteration = 0;
            bool converged = false;
            while (iteration < MaxIter && !converged)
            {
                iteration++;
                double previous = bound;
                var statistics = ExpectationStep.Run(points, p, accumulate: true);
                bound = statistics.LogLikelihood / points.Count;
                history[^1] = (p, bound);
                p = MixtureParameters.MaximizationStep(statistics, kind, RegCovar);
                history.Add((p, double.NaN));
                converged = Math.Abs(bound - previous) < Tol;
            }
            if (run == 0 || bound > bestBound || double.IsNegativeInfinity(bestBound))
            {
                (parameters, bestBound, NIter, LowerBound, Converged) = (p, bound, iteration, bound, converged);
                double final = ExpectationStep.Run(points, p, accumulate: false).LogLikelihood / points.Count;
                history[^1] = (p, final);
                Snapshots = history.Select((h, i) => Snapshot(h.parameters, i, h.logLikelihood)).ToList();
            }
        }
        fittedOnVector = points.IsVector;
        return this;
    }

    /// <summary>log p(x) for each row of x, float64 [m].</summary>
    public Tensor ScoreSamples(Tensor x)
    {
        var points = Points.From(x, "GaussianMixture.ScoreSamples", dimension: Fitted.Dimension);
        var logLikelihoods = new double[points.Count];
        ExpectationStep.Run(points, Fitted, accumulate: false, logLikelihoods: logLikelihoods);
        return Points.Vector(logLikelihoods);
    }

    /// <summary>Mean log-likelihood per point (scikit-learn's <c>score</c>).</summary>
    public double Score(Tensor x) => ScoreSamples(x).mean().ToDouble();

    /// <summary>Responsibilities p(c | x), float64 [m, K].</summary>
    public Tensor PredictProba(Tensor x)
    {
        var points = Points.From(x, "GaussianMixture.PredictProba", dimension: Fitted.Dimension);
        var responsibilities = new double[points.Count * NComponents];
        ExpectationStep.Run(points, Fitted, accumulate: false, responsibilities: responsibilities);
        return Points.ToTensor(responsibilities, points.Count, NComponents, false);
    }

    /// <summary>Most probable component of each row, int64 [m].</summary>
    public Tensor Predict(Tensor x) => PredictProba(x).argmax(1);

    /// <summary>Bayesian information criterion -2 n score(x) + (free parameters) ln n; lower is better.</summary>
    public double Bic(Tensor x) => -2 * Score(x) * x.size(0) + ParameterCount * Math.Log(x.size(0));

    /// <summary>Akaike information criterion -2 n score(x) + 2 (free parameters); lower is better.</summary>
    public double Aic(Tensor x) => -2 * Score(x) * x.size(0) + 2 * ParameterCount;

    /// <summary>n points drawn from the mixture, float64 [n, d] (or [n] when fitted on a 1-D tensor).</summary>
    public Tensor Sample(int n, Generator? generator = null) => SampleWithLabels(n, generator).x;

    /// <summary>n points drawn from the mixture, with the component each came from (int64 [n]).</summary>
    public (Tensor x, Tensor labels) SampleWithLabels(int n, Generator? generator = null)
    {
        if (n < 0) throw new ArgumentException($"GaussianMixture.Sample: n must be >= 0, got {n}", nameof(n));
        var p = Fitted;
        var gen = new RandomStream(generator);
        int k = NComponents, d = p.Dimension;
        var factors = Enumerable.Range(0, k).Select(c => CholeskyFactor(p.FullCovariance(c), d)).ToArray();
        var values = new double[n * d];
        var labels = new long[n];
        var z = new double[d];
        for (int s = 0; s < n; s++)
        {
            double u = gen.NextDouble(), cumulative = 0;
            int c = 0;
            while (c < k - 1 && u >= (cumulative += p.Weights[c])) c++;
            labels[s] = c;
            for (int j = 0; j < d; j++) z[j] = gen.NextNormal();
            // x = mu_c + L_c z with L_c L_c^T = Sigma_c
            for (int i = 0; i < d; i++)
            {
                double v = p.Means[c * d + i];
                for (int j = 0; j <= i; j++) v += factors[c][i * d + j] * z[j];
                values[s * d + i] = v;
            }
        }
        return (Points.ToTensor(values, n, d, fittedOnVector), torch.tensor(labels));
    }

    MixtureParameters Initialize(Points x, RandomStream gen)
    {
        int n = x.Count, k = NComponents, d = x.Dimension;
        var responsibilities = new double[n * k];
        double[] shift;
        if (Init == "kmeans")
        {
            var (centers, labels, _, _) = KMeans.Run(x, k, maxIter: 300, tol: 1e-4, gen);
            for (int i = 0; i < n; i++) responsibilities[i * k + labels[i]] = 1;
            shift = centers;
        }
        else if (Init == "random_from_data")
        {
            // K distinct indices (a partial Fisher-Yates shuffle; Fit checked n >= K); point order[c] alone makes up component c.
            var order = Enumerable.Range(0, n).ToArray();
            shift = new double[k * d];
            for (int c = 0; c < k; c++)
            {
                int pick = c + (int)gen.NextInt64(n - c);
                (order[c], order[pick]) = (order[pick], order[c]);
                responsibilities[order[c] * k + c] = 1;
                x.Row(order[c]).CopyTo(shift.AsSpan(c * d, d));
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                double total = 0;
                for (int c = 0; c < k; c++) total += responsibilities[i * k + c] = gen.NextDouble();
                for (int c = 0; c < k; c++) responsibilities[i * k + c] /= total;
            }
            var mean = Enumerable.Range(0, d).Select(j => x.Column(j).Average()).ToArray();
            shift = Enumerable.Range(0, k).SelectMany(_ => mean).ToArray();
        }
        var statistics = ExpectationStep.FromResponsibilities(x, responsibilities, k, shift, kind);
        return MixtureParameters.MaximizationStep(statistics, kind, RegCovar);
    }

    static EmSnapshot Snapshot(MixtureParameters p, int iteration, double logLikelihood)
    {
        int k = p.Components, d = p.Dimension;
        var covariances = Enumerable.Range(0, k).SelectMany(p.FullCovariance).ToArray();
        return new EmSnapshot(iteration, torch.tensor(p.Weights), torch.tensor(p.Means, [k, d]),
            torch.tensor(covariances, [k, d, d]), logLikelihood);
    }

    static double[] CholeskyFactor(double[] sigma, int d)
    {
        var l = new double[d * d];
        MixtureParameters.Cholesky(sigma, d, l, component: -1);
        return l;
    }
}
