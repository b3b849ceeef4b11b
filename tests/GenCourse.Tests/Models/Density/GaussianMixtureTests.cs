using GenCourse;
using GenCourse.Models.Density;
using static GenCourse.torch;

namespace GenCourse.Tests.Models.Density;

public class GaussianMixtureTests
{
    [Fact]
    public void Fit_MeanLogLikelihood_MatchesScikitLearn_ForEachCovarianceType()
    {
        foreach (var dataset in SklearnFixture.Root.GetProperty("gmm").EnumerateArray())
        {
            var x = SklearnFixture.Matrix(dataset.GetProperty("x"));
            int k = dataset.GetProperty("n_components").GetInt32();
            foreach (var fit in dataset.GetProperty("fits").EnumerateArray())
            {
                string type = fit.GetProperty("covariance_type").GetString()!;
                var gmm = new GaussianMixture(k, type, tol: 1e-6, maxIter: 1000, nInit: 5, generator: new Generator(0)).Fit(x);
                string where = $"{dataset.GetProperty("name").GetString()} {type}";
                double expected = fit.GetProperty("score").GetDouble();
                Assert.True(Math.Abs(gmm.Score(x) - expected) < 0.01, $"{where}: mean log-likelihood {gmm.Score(x)} vs scikit-learn {expected}");
                Assert.True(Math.Abs(gmm.LowerBound - fit.GetProperty("lower_bound").GetDouble()) < 0.01, $"{where}: lower bound {gmm.LowerBound}");
                Assert.Equal(fit.GetProperty("n_parameters").GetInt32(), gmm.ParameterCount);
                double n = x.size(0);
                Assert.True(Math.Abs(gmm.Bic(x) - fit.GetProperty("bic").GetDouble()) < 0.02 * n, $"{where}: BIC {gmm.Bic(x)}");
                Assert.True(Math.Abs(gmm.Aic(x) - fit.GetProperty("aic").GetDouble()) < 0.02 * n, $"{where}: AIC {gmm.Aic(x)}");
                Assert.True(gmm.Converged, $"{where}: not converged");
            }
        }
    }

    static Tensor ThreeBlobs(int n, Generator g)
    {
        var centres = new[] { (-5.0, 0.0), (5.0, 0.0), (0.0, 6.0) };
        var values = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            var (cx, cy) = centres[i % 3];
            values[2 * i] = cx + 0.8 * g.NextNormal();
            values[2 * i + 1] = cy + 0.5 * g.NextNormal();
        }
        return tensor(values, [n, 2]);
    }

    [Theory]
    [InlineData("full", "kmeans")]
    [InlineData("tied", "random")]
    [InlineData("diag", "kmeans")]
    [InlineData("spherical", "random")]
    public void Snapshots_TrackEveryIteration_AndTheLogLikelihoodNeverDecreases(string type, string init)
    {
        var x = ThreeBlobs(900, new Generator(3));
        var gmm = new GaussianMixture(3, type, tol: 1e-8, maxIter: 300, init: init, generator: new Generator(4)).Fit(x);
        Assert.Equal(gmm.NIter + 1, gmm.Snapshots.Count);
        for (int t = 0; t < gmm.Snapshots.Count; t++) Assert.Equal(t, gmm.Snapshots[t].Iteration);
        for (int t = 1; t < gmm.Snapshots.Count; t++)
            Assert.True(gmm.Snapshots[t].MeanLogLikelihood >= gmm.Snapshots[t - 1].MeanLogLikelihood - 1e-9,
                $"EM decreased the log-likelihood at iteration {t}");
        var last = gmm.Snapshots[^1];
        Assert.Equal(gmm.Means.ToArray<double>(), last.Means.ToArray<double>());
        Assert.Equal(new long[] { 3, 2, 2 }, last.Covariances.shape);
        Assert.Equal(gmm.Score(x), last.MeanLogLikelihood, 12);
        Assert.True(gmm.Converged);
    }

    [Fact]
    public void Predict_RecoversWellSeparatedClusters_AndResponsibilitiesSumToOne()
    {
        var x = ThreeBlobs(600, new Generator(5));
        var gmm = new GaussianMixture(3, generator: new Generator(6)).Fit(x);
        var labels = gmm.Predict(x).ToArray<long>();
        for (int i = 3; i < 600; i++) Assert.Equal(labels[i % 3], labels[i]);
        Assert.Equal(3, labels.Take(3).Distinct().Count());
        var rowSums = gmm.PredictProba(x).sum(1).ToArray<double>();
        Assert.All(rowSums, s => Assert.Equal(1.0, s, 12));
    }

    [Fact]
    public void OneComponent_IsTheMaximumLikelihoodGaussian()
    {
        var x = randn(new long[] { 500, 3 }, generator: new Generator(7), dtype: ScalarType.Float64) * tensor(new[] { 1.0, 2.0, 0.5 }) + 10;
        var gmm = new GaussianMixture(1, regCovar: 0).Fit(x);
        var mean = x.mean(0);
        var centred = x - mean;
        var covariance = centred.t().mm(centred) / 500.0;
        Assert.Equal(mean.ToArray<double>(), gmm.Means.reshape(3).ToArray<double>(), new ToleranceComparer(1e-10));
        Assert.Equal(covariance.ToArray<double>(), gmm.Covariances.reshape(9).ToArray<double>(), new ToleranceComparer(1e-10));
        Assert.Equal(1.0, gmm.Weights.item<double>(), 12);
        Assert.Equal(6 + 3 + 0, gmm.ParameterCount);   // d(d+1)/2 covariance + d mean + (K - 1) weights
    }

    [Fact]
    public void Sample_HasTheMixtureMoments_AndIsReproducible()
    {
        var x = ThreeBlobs(900, new Generator(8));
        var gmm = new GaussianMixture(3, "diag", generator: new Generator(9)).Fit(x);
        var (samples, labels) = gmm.SampleWithLabels(30000, new Generator(10));
        Assert.Equal(new long[] { 30000, 2 }, samples.shape);
        var mixtureMean = (gmm.Weights.unsqueeze(1) * gmm.Means).sum(0).ToArray<double>();
        var sampleMean = samples.mean(0).ToArray<double>();
        for (int j = 0; j < 2; j++) Assert.Equal(mixtureMean[j], sampleMean[j], 1);
        var counts = Enumerable.Range(0, 3).Select(c => labels.ToArray<long>().Count(l => l == c) / 30000.0).ToArray();
        var weights = gmm.Weights.ToArray<double>();
        for (int c = 0; c < 3; c++) Assert.InRange(counts[c], weights[c] - 0.02, weights[c] + 0.02);
        Assert.Equal(samples.ToArray<double>(), gmm.Sample(30000, new Generator(10)).ToArray<double>());
    }

    [Fact]
    public void Fit_IsDeterministicForAGivenGenerator()
    {
        var x = ThreeBlobs(300, new Generator(11));
        var a = new GaussianMixture(3, nInit: 2, generator: new Generator(12)).Fit(x);
        var b = new GaussianMixture(3, nInit: 2, generator: new Generator(12)).Fit(x);
        Assert.Equal(a.Means.ToArray<double>(), b.Means.ToArray<double>());
        Assert.Equal(a.LowerBound, b.LowerBound);
    }

    [Fact]
    public void KMeans_FindsTheBlobCentres()
    {
        var x = ThreeBlobs(900, new Generator(13));
        var km = new KMeans(3, generator: new Generator(14)).Fit(x);
        var centres = km.ClusterCenters.ToArray<double>();
        foreach (var (cx, cy) in new[] { (-5.0, 0.0), (5.0, 0.0), (0.0, 6.0) })
            Assert.Contains(Enumerable.Range(0, 3), c => Math.Abs(centres[2 * c] - cx) < 0.15 && Math.Abs(centres[2 * c + 1] - cy) < 0.15);
        Assert.Equal(km.Labels.ToArray<long>(), km.Predict(x).ToArray<long>());
    }

    [Fact]
    public void BadInput_ThrowsNamingTheArgumentAndValue()
    {
        Assert.Contains("\"banana\"", Assert.Throws<ArgumentException>(() => new GaussianMixture(2, "banana")).Message);
        Assert.Equal("nComponents", Assert.Throws<ArgumentException>(() => new GaussianMixture(0)).ParamName);
        Assert.Contains("\"kmeans++\"", Assert.Throws<ArgumentException>(() => new GaussianMixture(2, init: "kmeans++")).Message);
        Assert.Contains("-1", Assert.Throws<ArgumentException>(() => new GaussianMixture(2, regCovar: -1)).Message);
        Assert.Contains("n = 2", Assert.Throws<ArgumentException>(() => new GaussianMixture(3).Fit(zeros(2, 2))).Message);
        var gmm = new GaussianMixture(1).Fit(randn(new long[] { 20, 2 }, generator: new Generator(0)));
        Assert.Contains("d = 3", Assert.Throws<ArgumentException>(() => gmm.ScoreSamples(zeros(4, 3))).Message);
        Assert.Throws<InvalidOperationException>(() => new GaussianMixture(2).Means);
        Assert.Contains("regCovar", Assert.Throws<ArgumentException>(() => new GaussianMixture(1, regCovar: 0).Fit(ones(5, 2))).Message);
    }

    sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Abs(b));
        public int GetHashCode(double x) => 0;
    }
}
