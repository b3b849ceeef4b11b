using GenCourse.Kernels;

namespace GenCourse.Models.Density;

/// <summary>
/// k-means clustering: greedy k-means++ seeding (Arthur &amp; Vassilvitskii 2007, with 2 + ln k candidates per centre
/// as in scikit-learn) then Lloyd iterations (assign each point to its nearest centre, move each centre to the mean
/// of its points) until the centres move less than tol (relative to the mean per-coordinate variance, as in
/// scikit-learn) or no label changes. <see cref="GaussianMixture"/> uses it for its "kmeans" initialisation.
/// </summary>
public sealed class KMeans
{
    readonly Generator? generator;
    double[]? centers;
    int dimension;

    public KMeans(int nClusters, int maxIter = 300, double tol = 1e-4, Generator? generator = null)
    {
        if (nClusters < 1) throw new ArgumentException($"KMeans: nClusters must be >= 1, got {nClusters}", nameof(nClusters));
        if (maxIter < 1) throw new ArgumentException($"KMeans: maxIter must be >= 1, got {maxIter}", nameof(maxIter));
        if (!(tol >= 0)) throw new ArgumentException($"KMeans: tol must be >= 0, got {tol}", nameof(tol));
        (NClusters, MaxIter, Tol, this.generator) = (nClusters, maxIter, tol, generator);
    }

    public int NClusters { get; }

    public int MaxIter { get; }

    public double Tol { get; }

    /// <summary>The centres, float64 [k, d].</summary>
    public Tensor ClusterCenters => Points.ToTensor((double[])Centers.Clone(), NClusters, dimension, false);

    /// <summary>Cluster index of each training point, int64 [n].</summary>
    public Tensor Labels { get; private set; } = torch.zeros([0], ScalarType.Int64);

    /// <summary>Sum of squared distances of the training points to their centres.</summary>
    public double Inertia { get; private set; }

    /// <summary>Number of Lloyd iterations run.</summary>
    public int NIter { get; private set; }

    double[] Centers => centers ?? throw new InvalidOperationException("KMeans: call Fit(x) before using the model");

    public KMeans Fit(Tensor x)
    {
        var points = Points.From(x, "KMeans.Fit", minCount: NClusters);
        var (c, labels, inertia, iterations) = Run(points, NClusters, MaxIter, Tol, generator ?? torch.default_generator);
        (centers, dimension, Inertia, NIter) = (c, points.Dimension, inertia, iterations);
        Labels = torch.tensor(Array.ConvertAll(labels, l => (long)l));
        return this;
    }

    /// <summary>Index of the nearest centre for each row of x, int64 [m].</summary>
    public Tensor Predict(Tensor x)
    {
        var points = Points.From(x, "KMeans.Predict", dimension: dimension == 0 ? null : dimension);
        var labels = new int[points.Count];
        Assign(points, Centers, NClusters, labels);
        return torch.tensor(Array.ConvertAll(labels, l => (long)l));
    }

    internal static (double[] centers, int[] labels, double inertia, int iterations) Run(Points x, int k, int maxIter, double tol, Generator generator)
    {
        int n = x.Count, d = x.Dimension;
        var centers = PlusPlusSeeds(x, k, generator);
        var labels = new int[n];
        var previous = new int[n];
        double threshold = tol * MeanVariance(x);
        int iteration = 0;
        Assign(x, centers, k, labels);
        while (iteration < maxIter)
        {
            iteration++;
            var updated = Means(x, labels, centers, k);
            double shift = 0;
            for (int i = 0; i < k * d; i++) shift += (updated[i] - centers[i]) * (updated[i] - centers[i]);
            centers = updated;
            labels.CopyTo(previous, 0);
            Assign(x, centers, k, labels);
            if (shift <= threshold || labels.AsSpan().SequenceEqual(previous)) break;
        }
        return (centers, labels, Assign(x, centers, k, labels), iteration);
    }

    /// <summary>Greedy k-means++: each new centre is the best (lowest potential) of a few candidates drawn with probability proportional to D(x)^2.</summary>
    static double[] PlusPlusSeeds(Points x, int k, Generator generator)
    {
        int n = x.Count, d = x.Dimension, trials = 2 + (int)Math.Log(k);
        var centers = new double[k * d];
        x.Row((int)generator.NextInt64(n)).CopyTo(centers);
        var closest = new double[n];
        for (int i = 0; i < n; i++) closest[i] = SquaredDistance(x.Row(i), centers.AsSpan(0, d));
        var candidate = new double[n];
        var best = new double[n];
        var cumulative = new double[n];
        for (int c = 1; c < k; c++)
        {
            double total = 0;
            for (int i = 0; i < n; i++) cumulative[i] = total += closest[i];
            double bestPotential = double.PositiveInfinity;
            int bestIndex = 0;
            for (int t = 0; t < trials; t++)
            {
                int index = Array.BinarySearch(cumulative, generator.NextDouble() * total);
                index = Math.Min(index < 0 ? ~index : index, n - 1);
                double potential = 0;
                for (int i = 0; i < n; i++) potential += candidate[i] = Math.Min(closest[i], SquaredDistance(x.Row(i), x.Row(index)));
                if (potential < bestPotential)
                {
                    (bestPotential, bestIndex) = (potential, index);
                    candidate.CopyTo(best, 0);
                }
            }
            x.Row(bestIndex).CopyTo(centers.AsSpan(c * d, d));
            best.CopyTo(closest, 0);
        }
        return centers;
    }

    /// <summary>labels[i] = nearest centre of point i; returns the inertia.</summary>
    static double Assign(Points x, double[] centers, int k, int[] labels)
    {
        int d = x.Dimension;
        var partial = new double[(x.Count + 4095) / 4096];
        Par.For(partial.Length, 1, (lo, hi) =>
        {
            for (int chunk = lo; chunk < hi; chunk++)
                for (int i = chunk * 4096; i < Math.Min(x.Count, (chunk + 1) * 4096); i++)
                {
                    double bestDistance = double.PositiveInfinity;
                    for (int c = 0; c < k; c++)
                    {
                        double distance = SquaredDistance(x.Row(i), centers.AsSpan(c * d, d));
                        if (distance < bestDistance) (bestDistance, labels[i]) = (distance, c);
                    }
                    partial[chunk] += bestDistance;
                }
        });
        return partial.Sum();
    }

    /// <summary>Mean of each cluster's points; an empty cluster keeps its previous centre.</summary>
    static double[] Means(Points x, int[] labels, double[] previous, int k)
    {
        int d = x.Dimension;
        var sums = new double[k * d];
        var counts = new int[k];
        for (int i = 0; i < x.Count; i++)
        {
            counts[labels[i]]++;
            for (int j = 0; j < d; j++) sums[labels[i] * d + j] += x.Values[i * d + j];
        }
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++)
                sums[c * d + j] = counts[c] == 0 ? previous[c * d + j] : sums[c * d + j] / counts[c];
        return sums;
    }

    static double MeanVariance(Points x)
    {
        double total = 0;
        for (int j = 0; j < x.Dimension; j++)
        {
            var column = x.Column(j);
            double mean = column.Average();
            total += column.Sum(v => (v - mean) * (v - mean)) / x.Count;
        }
        return total / x.Dimension;
    }

    static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
        return s;
    }
}
