using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

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
    public Tensor Labels { get; private set; } = torch.zeros([0], dtype: ScalarType.Int64);

    /// <summary>Sum of squared distances of the training points to their centres.</summary>
    public double Inertia { get; private set; }

    /// <summary>Number of Lloyd iterations run.</summary>
    public int NIter { get; private set; }

    double[] Centers => centers ?? throw new InvalidOperationException("KMeans: call Fit(x) before using the model");

    public KMeans Fit(Tensor x)
    {
        var points = Points.From(x, "KMeans.Fit", minCount: NClusters);
        var (c, labels, inertia, iterations) = Run(points, NClusters, MaxIter, Tol, new RandomStream(generator));
        (centers, dimension, Inertia, NIter) = (c, points.Dimension, inertia, iterations);
        Labels = torch.tensor(Array.ConvertAll(labels, l => (long)l));
        return this;
    }

    /// <summary>Index of the nearest centre for each row of x, int64 [m].</summary>
    public Tensor Predict(Tensor x)
    {
        var points = Points.From(x, "KMeans.Predict", dimension: dimension == 0 ? null : dimension);
        var labels = new int[points.Count];
        Assign(new PointColumns(points), Centers, NClusters, labels);
        return torch.tensor(Array.ConvertAll(labels, l => (long)l));
    }

    internal static (double[] centers, int[] labels, double inertia, int iterations) Run(Points x, int k, int maxIter, double tol, RandomStream generator)
    {
        var columns = new PointColumns(x);
        var centers = PlusPlusSeeds(x, columns, k, generator);
        var labels = new int[x.Count];
        var previous = new int[x.Count];
        double threshold = tol * MeanVariance(x);
        int iteration = 0;
        Assign(columns, centers, k, labels);
        while (iteration < maxIter)
        {
            iteration++;
            var updated = Means(x, labels, centers, k);
            double shift = 0;
            for (int i = 0; i < updated.Length; i++) shift += (updated[i] - centers[i]) * (updated[i] - centers[i]);
            centers = updated;
            labels.CopyTo(previous, 0);
            Assign(columns, centers, k, labels);
            if (shift <= threshold || labels.AsSpan().SequenceEqual(previous)) break;
        }
        return (centers, labels, Assign(columns, centers, k, labels), iteration);
    }

    /// <summary>Greedy k-means++: each new centre is the best (lowest potential) of a few candidates drawn with probability proportional to D(x)^2.</summary>
    static double[] PlusPlusSeeds(Points x, PointColumns columns, int k, RandomStream generator)
    {
        int n = x.Count, d = x.Dimension, trials = 2 + (int)Math.Log(k), padded = (n + 3) / 4 * 4;
        var centers = new double[k * d];
        x.Row((int)generator.NextInt64(n)).CopyTo(centers);
        var closest = new double[padded];
        columns.SquaredDistances(centers.AsSpan(0, d), closest);
        var candidate = new double[padded];
        var best = new double[padded];
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
                columns.SquaredDistances(x.Row(index), candidate);
                var potentials = candidate.AsSpan(0, n);
                TensorPrimitives.Min(potentials, closest.AsSpan(0, n), potentials);
                double potential = TensorPrimitives.Sum<double>(potentials);
                if (potential < bestPotential)
                {
                    (bestPotential, bestIndex) = (potential, index);
                    (candidate, best) = (best, candidate);
                }
            }
            x.Row(bestIndex).CopyTo(centers.AsSpan(c * d, d));
            (closest, best) = (best, closest);
        }
        return centers;
    }

    /// <summary>labels[i] = nearest centre of point i (SIMD over points, blocks over the cores); returns the inertia.</summary>
    static double Assign(PointColumns columns, double[] centers, int k, int[] labels)
    {
        const int Block = 4096;
        int n = columns.Count, d = columns.Dimension;
        var partial = new double[(n + Block - 1) / Block];
        Par.For(partial.Length, 1, (lo, hi) =>
        {
            for (int block = lo; block < hi; block++)
            {
                int start = block * Block, end = Math.Min(n, start + Block);
                double inertia = 0;
                for (int j = start; j < end; j += 4)
                {
                    var bestDistance = Vector256.Create(double.PositiveInfinity);
                    var bestLabel = Vector256<double>.Zero;
                    for (int c = 0; c < k; c++)
                    {
                        var distance = columns.SquaredDistances(centers.AsSpan(c * d, d), j);
                        var closer = Vector256.LessThan(distance, bestDistance);
                        bestDistance = Vector256.ConditionalSelect(closer, distance, bestDistance);
                        bestLabel = Vector256.ConditionalSelect(closer, Vector256.Create((double)c), bestLabel);
                    }
                    for (int lane = 0; lane < 4 && j + lane < end; lane++)
                    {
                        labels[j + lane] = (int)bestLabel[lane];
                        inertia += bestDistance[lane];
                    }
                }
                partial[block] = inertia;
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
}
