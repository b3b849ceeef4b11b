using GenCourse;
using GenCourse.Models.Density;
using GenCourse.Tests.Models;
using static GenCourse.torch;

namespace GenCourse.Tests.Models.Density;

/// <summary>
/// One EM iteration of GaussianMixture against a hand computation in doubles (2-D Gaussians with a closed-form 2 x 2
/// inverse): the E-step's log-likelihood and responsibilities from the initial parameters, then the M-step's weights,
/// means and each covariance type; sampling against the generator's uniforms and normals; k-means against its
/// definition.
/// </summary>
public class GaussianMixtureEmStepTests
{
    const int N = 40, K = 2;

    static double[][] Data()
    {
        var g = new Generator(70);
        var z = randn([N, 2], float64, generator: g).ToDoubles();
        return Enumerable.Range(0, N).Select(i => i % 2 == 0
            ? new[] { -2 + 0.9 * z[2 * i], 0.5 * z[2 * i + 1] }
            : new[] { 1.5 + 0.6 * z[2 * i] + 0.4 * z[2 * i + 1], 1 + 0.7 * z[2 * i + 1] }).ToArray();
    }

    static Tensor AsTensor(double[][] rows) => tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, 2]);

    /// <summary>log N(x; mu, S) for 2-D x with S = [[a, b], [b, c]].</summary>
    static double LogNormal(double[] x, double[] mu, double[] s)
    {
        double det = s[0] * s[3] - s[1] * s[2];
        double dx = x[0] - mu[0], dy = x[1] - mu[1];
        double quad = (s[3] * dx * dx - (s[1] + s[2]) * dx * dy + s[0] * dy * dy) / det;
        return -0.5 * quad - 0.5 * Math.Log(det) - Math.Log(2 * Math.PI);
    }

    sealed record Mixture(double[] W, double[][] Mu, double[][] Sigma);

    static Mixture FromSnapshot(EmSnapshot s)
    {
        var cov = s.Covariances.ToDoubles();
        var means = s.Means.ToDoubles();
        return new Mixture(s.Weights.ToDoubles(), Enumerable.Range(0, K).Select(c => means[(2 * c)..(2 * c + 2)]).ToArray(),
            Enumerable.Range(0, K).Select(c => cov[(4 * c)..(4 * c + 4)]).ToArray());
    }

    static Mixture FromModel(GaussianMixture gmm)
    {
        var cov = gmm.Covariances.ToDoubles();
        var means = gmm.Means.ToDoubles();
        double[] Sigma(int c) => gmm.CovarianceType switch
        {
            "full" => cov[(4 * c)..(4 * c + 4)],
            "tied" => cov,
            "diag" => [cov[2 * c], 0, 0, cov[2 * c + 1]],
            _ => [cov[c], 0, 0, cov[c]],
        };
        return new Mixture(gmm.Weights.ToDoubles(), Enumerable.Range(0, K).Select(c => means[(2 * c)..(2 * c + 2)]).ToArray(),
            Enumerable.Range(0, K).Select(Sigma).ToArray());
    }

    /// <summary>log p(x) and the responsibilities r_c = w_c N(x | c) / p(x).</summary>
    static (double logP, double[] r) EStep(Mixture m, double[] x)
    {
        var joint = Enumerable.Range(0, K).Select(c => Math.Log(m.W[c]) + LogNormal(x, m.Mu[c], m.Sigma[c])).ToArray();
        double logP = HandNetwork.LogMeanExp(joint) + Math.Log(K);
        return (logP, joint.Select(j => Math.Exp(j - logP)).ToArray());
    }

    [Theory]
    [InlineData("full", "kmeans")]
    [InlineData("tied", "random")]
    [InlineData("diag", "random")]
    [InlineData("spherical", "kmeans")]
    [InlineData("full", "random_from_data")]
    public void OneIteration_IsTheHandComputedEStepAndMStep(string type, string init)
    {
        const double reg = 0.01;
        var x = Data();
        var gmm = new GaussianMixture(K, type, tol: 0, regCovar: reg, maxIter: 1, init: init, generator: new Generator(71)).Fit(AsTensor(x));
        Assert.Equal(1, gmm.NIter);
        Assert.False(gmm.Converged);
        Assert.Equal(2, gmm.Snapshots.Count);
        var start = FromSnapshot(gmm.Snapshots[0]);
        var e = x.Select(p => EStep(start, p)).ToArray();
        Assert.Equal(e.Average(v => v.logP), gmm.Snapshots[0].MeanLogLikelihood, 10);
        Assert.Equal(e.Average(v => v.logP), gmm.LowerBound, 10);
        // M-step: N_c = sum r, w_c = N_c / n, mu_c = sum r x / N_c, S_c = sum r (x - mu)(x - mu)^T / N_c.
        var nc = Enumerable.Range(0, K).Select(c => e.Sum(v => v.r[c])).ToArray();
        var mu = Enumerable.Range(0, K).Select(c => new[] { 0, 1 }.Select(j => x.Select((p, i) => e[i].r[c] * p[j]).Sum() / nc[c]).ToArray()).ToArray();
        var scatter = Enumerable.Range(0, K).Select(c => new[] { (0, 0), (0, 1), (1, 0), (1, 1) }
            .Select(ab => x.Select((p, i) => e[i].r[c] * (p[ab.Item1] - mu[c][ab.Item1]) * (p[ab.Item2] - mu[c][ab.Item2])).Sum() / nc[c]).ToArray()).ToArray();
        var sigma = type switch
        {
            "full" => scatter.Select(s => new[] { s[0] + reg, s[1], s[2], s[3] + reg }).ToArray(),
            "tied" => Enumerable.Repeat(new[] { 0, 1, 2, 3 }.Select(i => scatter.Select((s, c) => s[i] * nc[c]).Sum() / N + (i is 0 or 3 ? reg : 0)).ToArray(), K).ToArray(),
            "diag" => scatter.Select(s => new[] { s[0] + reg, 0, 0, s[3] + reg }).ToArray(),
            _ => scatter.Select(s => (s[0] + s[3]) / 2 + reg).Select(v => new[] { v, 0, 0, v }).ToArray(),
        };
        var fitted = FromModel(gmm);
        Assert.Equal(nc.Select(n => n / N).ToArray(), fitted.W, new Tolerance(1e-12));
        for (int c = 0; c < K; c++)
        {
            Assert.Equal(mu[c], fitted.Mu[c], new Tolerance(1e-10));
            Assert.Equal(sigma[c], fitted.Sigma[c], new Tolerance(1e-10));
            Assert.Equal(sigma[c], gmm.Snapshots[1].Covariances[c].ToDoubles(), new Tolerance(1e-10));
        }
        // The last snapshot carries the log-likelihood of the final parameters.
        var final = x.Select(p => EStep(fitted, p)).ToArray();
        Assert.Equal(final.Average(v => v.logP), gmm.Snapshots[1].MeanLogLikelihood, 10);
        Assert.Equal(final.Select(v => v.logP).ToArray(), gmm.ScoreSamples(AsTensor(x)).ToDoubles(), new Tolerance(1e-10));
        Assert.Equal(final.Average(v => v.logP), gmm.Score(AsTensor(x)), 10);
        Assert.Equal(final.SelectMany(v => v.r).ToArray(), gmm.PredictProba(AsTensor(x)).ToDoubles(), new Tolerance(1e-10));
        Assert.Equal(final.Select(v => v.r[1] > v.r[0] ? 1L : 0L).ToArray(), gmm.Predict(AsTensor(x)).ToArray<long>());
        // Free parameters: covariances + K d means + K - 1 weights; BIC and AIC from the score.
        int covarianceParameters = type switch { "full" => K * 3, "tied" => 3, "diag" => K * 2, _ => K };
        Assert.Equal(covarianceParameters + K * 2 + K - 1, gmm.ParameterCount);
        double total = final.Sum(v => v.logP);
        Assert.Equal(-2 * total + gmm.ParameterCount * Math.Log(N), gmm.Bic(AsTensor(x)), 8);
        Assert.Equal(-2 * total + 2 * gmm.ParameterCount, gmm.Aic(AsTensor(x)), 8);
    }

    [Theory]
    [InlineData("full")]
    [InlineData("diag")]
    public void RandomFromData_StartsEachComponentAtItsOwnDataPoint_WithRegCovarAsCovariance(string type)
    {
        const double reg = 0.03;
        var x = Data();
        var gmm = new GaussianMixture(K, type, regCovar: reg, maxIter: 0, init: "random_from_data", generator: new Generator(73)).Fit(AsTensor(x));
        var start = gmm.Snapshots[0];
        var means = start.Means.ToDoubles();
        var rows = Enumerable.Range(0, K).Select(c => Array.FindIndex(x, p => p[0] == means[2 * c] && p[1] == means[2 * c + 1])).ToArray();
        Assert.All(rows, r => Assert.True(r >= 0, $"initial means {string.Join(", ", means)} are not data points"));
        Assert.Equal(K, rows.Distinct().Count());
        // One point per component: no scatter, so the covariance is regCovar I, and the weights are equal.
        for (int c = 0; c < K; c++) Assert.Equal(new[] { reg, 0, 0, reg }, start.Covariances[c].ToDoubles(), new Tolerance(1e-15));
        Assert.Equal(Enumerable.Repeat(1.0 / K, K).ToArray(), start.Weights.ToDoubles(), new Tolerance(1e-12));
        // Another seed picks other points.
        var other = new GaussianMixture(K, type, regCovar: reg, maxIter: 0, init: "random_from_data", generator: new Generator(74)).Fit(AsTensor(x));
        Assert.NotEqual(means, other.Snapshots[0].Means.ToDoubles());
    }

    [Theory]
    [InlineData("full", new long[] { K, 2, 2 })]
    [InlineData("tied", new long[] { 2, 2 })]
    [InlineData("diag", new long[] { K, 2 })]
    [InlineData("spherical", new long[] { K })]
    public void Covariances_HaveScikitLearnsShapePerType_AndHyperParametersAreKept(string type, long[] shape)
    {
        var gmm = new GaussianMixture(K, type, tol: 0.5, regCovar: 0.02, maxIter: 7, nInit: 2, init: "random", generator: new Generator(72)).Fit(AsTensor(Data()));
        Assert.Equal(shape, gmm.Covariances.shape);
        Assert.Equal(new long[] { K, 2 }, gmm.Means.shape);
        Assert.Equal((K, type, 0.5, 0.02, 7, 2, "random"), (gmm.NComponents, gmm.CovarianceType, gmm.Tol, gmm.RegCovar, gmm.MaxIter, gmm.NInit, gmm.Init));
        Assert.True(gmm.Converged && gmm.NIter < 7, $"tol 0.5 should stop early, ran {gmm.NIter}");
        Assert.Equal(gmm.NIter + 1, gmm.Snapshots.Count);
    }

    [Fact]
    public void Sample_PicksAComponentByTheCumulativeWeights_ThenMeanPlusCholeskyTimesNormals()
    {
        var gmm = new GaussianMixture(K, "full", maxIter: 3, generator: new Generator(73)).Fit(AsTensor(Data()));
        var m = FromModel(gmm);
        var (samples, labels) = gmm.SampleWithLabels(50, new Generator(74));
        // The stream takes a block of 1024 uniforms at its first uniform, then a block of 1024 normals.
        var g = new Generator(74);
        var u = rand([1024], float64, generator: g).ToDoubles();
        var z = randn([1024], float64, generator: g).ToDoubles();
        var s = samples.ToDoubles();
        var l = labels.ToArray<long>();
        for (int i = 0; i < 50; i++)
        {
            int c = u[i] < m.W[0] ? 0 : 1;
            Assert.Equal(c, l[i]);
            var sigma = m.Sigma[c];
            double l00 = Math.Sqrt(sigma[0]), l10 = sigma[2] / l00, l11 = Math.Sqrt(sigma[3] - l10 * l10);
            Assert.Equal(m.Mu[c][0] + l00 * z[2 * i], s[2 * i], 10);
            Assert.Equal(m.Mu[c][1] + l10 * z[2 * i] + l11 * z[2 * i + 1], s[2 * i + 1], 10);
        }
        Assert.Equal(samples.ToDoubles(), gmm.Sample(50, new Generator(74)).ToDoubles());
        Assert.Equal(new long[] { 7 }, new GaussianMixture(1).Fit(tensor(Data().Select(p => p[0]).ToArray())).Sample(7).shape);
        Assert.Contains("n must be >= 0, got -1", Assert.Throws<ArgumentException>(() => gmm.Sample(-1)).Message);
    }

    [Fact]
    public void KMeans_CentresAreTheMeansOfTheirPoints_AndInertiaTheSquaredDistances()
    {
        var x = Data();
        var km = new KMeans(3, maxIter: 50, tol: 0, generator: new Generator(75)).Fit(AsTensor(x));
        var centres = km.ClusterCenters.ToDoubles();
        var labels = km.Labels.ToArray<long>();
        double Distance2(double[] p, long c) => Math.Pow(p[0] - centres[2 * c], 2) + Math.Pow(p[1] - centres[2 * c + 1], 2);
        for (int i = 0; i < N; i++)
            Assert.Equal(Enumerable.Range(0, 3).MinBy(c => Distance2(x[i], c)), (int)labels[i]);
        for (int c = 0; c < 3; c++)
        {
            var members = x.Where((_, i) => labels[i] == c).ToArray();
            Assert.NotEmpty(members);
            Assert.Equal(members.Average(p => p[0]), centres[2 * c], 10);
            Assert.Equal(members.Average(p => p[1]), centres[2 * c + 1], 10);
        }
        Assert.Equal(x.Select((p, i) => Distance2(p, labels[i])).Sum(), km.Inertia, 10);
        Assert.InRange(km.NIter, 1, 50);
        var queries = new[] { new[] { -2.0, 0 }, new[] { 1.5, 1 }, new[] { 5.0, 5 } };
        Assert.Equal(queries.Select(q => (long)Enumerable.Range(0, 3).MinBy(c => Distance2(q, c))).ToArray(), km.Predict(AsTensor(queries)).ToArray<long>());
        Assert.Equal((3, 50, 0.0), (km.NClusters, km.MaxIter, km.Tol));
    }

    [Fact]
    public void KMeans_StopsAfterMaxIter_AndNamesBadArguments()
    {
        var x = AsTensor(Data());
        Assert.Equal(1, new KMeans(4, maxIter: 1, tol: 0, generator: new Generator(76)).Fit(x).NIter);
        Assert.Equal("nClusters", Assert.Throws<ArgumentException>(() => new KMeans(0)).ParamName);
        Assert.Contains("maxIter must be >= 1, got 0", Assert.Throws<ArgumentException>(() => new KMeans(2, maxIter: 0)).Message);
        Assert.Contains("tol must be >= 0, got -1", Assert.Throws<ArgumentException>(() => new KMeans(2, tol: -1)).Message);
        Assert.Contains("call Fit", Assert.Throws<InvalidOperationException>(() => new KMeans(2).ClusterCenters).Message);
        Assert.Contains("n = 40", Assert.Throws<ArgumentException>(() => new KMeans(41).Fit(x)).Message);
    }

    [Fact]
    public void GaussianMixture_NamesEachBadHyperParameter()
    {
        Assert.Contains("tol must be >= 0, got -1", Assert.Throws<ArgumentException>(() => new GaussianMixture(2, tol: -1)).Message);
        Assert.Contains("maxIter must be >= 0, got -1", Assert.Throws<ArgumentException>(() => new GaussianMixture(2, maxIter: -1)).Message);
        Assert.Contains("nInit must be >= 1, got 0", Assert.Throws<ArgumentException>(() => new GaussianMixture(2, nInit: 0)).Message);
        Assert.Contains("full, tied, diag, spherical", Assert.Throws<ArgumentException>(() => new GaussianMixture(2, "banana")).Message);
        Assert.Contains("init must be \"kmeans\", \"random\" or \"random_from_data\", got \"kmeans++\"",
            Assert.Throws<ArgumentException>(() => new GaussianMixture(2, init: "kmeans++")).Message);
        Assert.Contains("nComponents must be >= 1, got 0", Assert.Throws<ArgumentException>(() => new GaussianMixture(0)).Message);
        Assert.Contains("component 0 has an ill-defined covariance", Assert.Throws<ArgumentException>(() => new GaussianMixture(1, "diag", regCovar: 0).Fit(ones([5, 2], float64))).Message);
        _ = new GaussianMixture(1, tol: 0, regCovar: 0, maxIter: 0, nInit: 1);   // the smallest valid values are accepted
    }
}
