namespace GenCourse.Models.Density;

/// <summary>
/// Kernel density estimate p(x) = 1/(n h^d) sum_i K(|x - x_i| / h) with scikit-learn's kernels, normalised in any
/// dimension d (see <see cref="Kernels"/>). Evaluation is exact (every pair is summed, no tree approximation):
/// blocked, SIMD and multi-core, with a log-sum-exp shift so log densities stay finite far from the data.
/// The bandwidth is a number, a rule of thumb ("scott", "silverman") or the best of a grid by k-fold
/// cross-validated log-likelihood.
/// </summary>
/// <example><code>
/// var kde = new KernelDensity(bandwidth: 0.2).Fit(x);      // x: [n, d]
/// var logDensity = kde.ScoreSamples(grid);                 // [m] float64
/// var fresh = kde.Sample(100, new Generator(0));           // [100, d]
/// </code></example>
public sealed class KernelDensity
{
    /// <summary>The kernel names, as in scikit-learn.</summary>
    public static IReadOnlyList<string> Kernels => DensityKernels.Names;

    readonly DensityKernel kernel;
    readonly double[]? bandwidthGrid;
    readonly Generator? foldGenerator;
    readonly int folds;
    double bandwidth;
    Points? data;
    KernelSums? sums;

    /// <summary>A KDE with a fixed bandwidth h &gt; 0.</summary>
    public KernelDensity(double bandwidth = 1.0, string kernel = "gaussian")
    {
        this.kernel = DensityKernels.Parse(kernel, "KernelDensity");
        this.bandwidth = CheckBandwidth(bandwidth, "KernelDensity");
    }

    /// <summary>
    /// A KDE whose bandwidth is set at <see cref="Fit"/> by a rule of thumb, exactly as scikit-learn 1.2:
    /// "scott" h = n^(-1/(d+4)), "silverman" h = (n (d+2) / 4)^(-1/(d+4)). Like scikit-learn's, these assume data
    /// with unit variance in every direction: standardise the data first (or multiply by its standard deviation).
    /// </summary>
    public KernelDensity(string bandwidth, string kernel = "gaussian")
    {
        this.kernel = DensityKernels.Parse(kernel, "KernelDensity");
        if (bandwidth is not ("scott" or "silverman"))
            throw new ArgumentException($"KernelDensity: bandwidth must be a positive number, \"scott\" or \"silverman\", got \"{bandwidth}\"", nameof(bandwidth));
        BandwidthRule = bandwidth;
        this.bandwidth = double.NaN;
    }

    /// <summary>
    /// A KDE whose bandwidth is chosen at <see cref="Fit"/> from <paramref name="bandwidthGrid"/> by
    /// <paramref name="folds"/>-fold cross-validated log-likelihood (see <see cref="CrossValidate(Tensor, double[], string, int, Generator?)"/>;
    /// the curve is kept in <see cref="CrossValidation"/>).
    /// </summary>
    public KernelDensity(double[] bandwidthGrid, string kernel = "gaussian", int folds = 5, Generator? generator = null)
    {
        this.kernel = DensityKernels.Parse(kernel, "KernelDensity");
        ArgumentNullException.ThrowIfNull(bandwidthGrid);
        if (bandwidthGrid.Length == 0) throw new ArgumentException("KernelDensity: bandwidthGrid is empty", nameof(bandwidthGrid));
        foreach (var h in bandwidthGrid) CheckBandwidth(h, "KernelDensity", nameof(bandwidthGrid));
        CheckFolds(folds, int.MaxValue, "KernelDensity");
        (this.bandwidthGrid, this.folds, foldGenerator) = ((double[])bandwidthGrid.Clone(), folds, generator);
        BandwidthRule = "cross-validation";
        this.bandwidth = double.NaN;
    }

    /// <summary>The kernel name.</summary>
    public string Kernel => kernel.Name();

    /// <summary>"scott", "silverman", "cross-validation", or null for a fixed bandwidth.</summary>
    public string? BandwidthRule { get; }

    /// <summary>The bandwidth h in use (for a rule: the one chosen by the last <see cref="Fit"/>).</summary>
    public double Bandwidth => double.IsNaN(bandwidth)
        ? throw new InvalidOperationException($"KernelDensity: the {BandwidthRule} bandwidth is chosen by Fit; call Fit first")
        : bandwidth;

    /// <summary>The cross-validation curve when the bandwidth was chosen from a grid, else null.</summary>
    public BandwidthSearch? CrossValidation { get; private set; }

    /// <summary>Number of training points n.</summary>
    public int SampleCount => Fitted.Count;

    /// <summary>Dimension d of the training points.</summary>
    public int Dimension => Fitted.Dimension;

    /// <summary>The training points as float64 [n, d] (or [n] when fitted on a 1-D tensor).</summary>
    public Tensor TrainingData => Points.ToTensor((double[])Fitted.Values.Clone(), Fitted.Count, Fitted.Dimension, Fitted.IsVector);

    Points Fitted => data ?? throw new InvalidOperationException("KernelDensity: call Fit(x) before using the model");

    /// <summary>Stores the training points [n, d] (or [n]) and sets the bandwidth if it is chosen by a rule.</summary>
    public KernelDensity Fit(Tensor x)
    {
        var points = Points.From(x, "KernelDensity.Fit", minCount: bandwidthGrid is null ? 1 : 2);
        if (BandwidthRule == "scott") bandwidth = ScottFactor(points.Count, points.Dimension);
        else if (BandwidthRule == "silverman") bandwidth = SilvermanFactor(points.Count, points.Dimension);
        else if (bandwidthGrid is not null)
        {
            CrossValidation = CrossValidate(points, bandwidthGrid, kernel, folds, foldGenerator);
            bandwidth = CrossValidation.Best;
        }
        (data, sums) = (points, new KernelSums(points));
        return this;
    }

    /// <summary>log p(x) for each row of x [m, d] (or [m]), as float64 [m]; -inf where a compact kernel gives 0.</summary>
    public Tensor ScoreSamples(Tensor x)
    {
        var queries = Points.From(x, "KernelDensity.ScoreSamples", dimension: Fitted.Dimension);
        return Points.Vector(LogDensities(sums!, Fitted.Count, queries, kernel, Bandwidth));
    }

    /// <summary>Total log-likelihood sum_i log p(x_i) (scikit-learn's <c>score</c>).</summary>
    public double Score(Tensor x) => ScoreSamples(x).ToDoubles().Sum();

    /// <summary>
    /// n new points: a training point chosen uniformly plus kernel noise (gaussian: N(0, h^2 I); tophat: uniform in
    /// the ball of radius h). Only these two kernels can be sampled, as in scikit-learn.
    /// </summary>
    public Tensor Sample(int n, Generator? generator = null)
    {
        if (n < 0) throw new ArgumentException($"KernelDensity.Sample: n must be >= 0, got {n}", nameof(n));
        if (kernel is not (DensityKernel.Gaussian or DensityKernel.Tophat))
            throw new NotSupportedException($"KernelDensity.Sample: only the gaussian and tophat kernels can be sampled, this model uses \"{Kernel}\"");
        var points = Fitted;
        var gen = new RandomStream(generator);
        int d = points.Dimension;
        var values = new double[n * d];
        var noise = new double[d];
        for (int s = 0; s < n; s++)
        {
            var row = points.Row((int)gen.NextInt64(points.Count));
            double norm2 = 0;
            for (int k = 0; k < d; k++)
            {
                noise[k] = gen.NextNormal();
                norm2 += noise[k] * noise[k];
            }
            // tophat: a uniform direction (normalised Gaussian) and radius h U^(1/d), uniform in the ball.
            double scale = kernel == DensityKernel.Gaussian ? Bandwidth : Bandwidth * Math.Pow(gen.NextDouble(), 1.0 / d) / Math.Sqrt(norm2);
            for (int k = 0; k < d; k++) values[s * d + k] = row[k] + scale * noise[k];
        }
        return Points.ToTensor(values, n, d, points.IsVector);
    }

    /// <summary>Scott's factor n^(-1/(d+4)) (scikit-learn's "scott").</summary>
    public static double ScottFactor(int n, int d) => Math.Pow(n, -1.0 / (d + 4));

    /// <summary>Silverman's factor (n (d+2) / 4)^(-1/(d+4)) (scikit-learn's "silverman").</summary>
    public static double SilvermanFactor(int n, int d) => Math.Pow(n * (d + 2) / 4.0, -1.0 / (d + 4));

    /// <summary>
    /// k-fold cross-validated log-likelihood of each bandwidth: fit on k-1 folds, score the held-out fold.
    /// Folds are contiguous blocks like scikit-learn's KFold (the first n mod k folds one point larger) unless a
    /// generator is given, which shuffles the points first.
    /// </summary>
    public static BandwidthSearch CrossValidate(Tensor x, double[] bandwidths, string kernel = "gaussian", int folds = 5, Generator? generator = null)
    {
        var parsed = DensityKernels.Parse(kernel, "KernelDensity.CrossValidate");
        ArgumentNullException.ThrowIfNull(bandwidths);
        if (bandwidths.Length == 0) throw new ArgumentException("KernelDensity.CrossValidate: bandwidths is empty", nameof(bandwidths));
        foreach (var h in bandwidths) CheckBandwidth(h, "KernelDensity.CrossValidate", nameof(bandwidths));
        return CrossValidate(Points.From(x, "KernelDensity.CrossValidate", minCount: 2), bandwidths, parsed, folds, generator);
    }

    static BandwidthSearch CrossValidate(Points points, double[] bandwidths, DensityKernel kernel, int folds, Generator? generator)
    {
        int n = points.Count;
        CheckFolds(folds, n, "KernelDensity.CrossValidate");
        var order = generator is null ? Enumerable.Range(0, n).ToArray() : Permutation(n, generator);
        var curve = new double[bandwidths.Length];
        for (int f = 0, start = 0; f < folds; f++)
        {
            int size = n / folds + (f < n % folds ? 1 : 0);
            var heldOut = points.Subset(order.AsSpan(start, size));
            var training = points.Subset(order[..start].Concat(order[(start + size)..]).ToArray());
            var trainingSums = new KernelSums(training);
            for (int b = 0; b < bandwidths.Length; b++)
                curve[b] += LogDensities(trainingSums, training.Count, heldOut, kernel, bandwidths[b]).Average() / folds;
            start += size;
        }
        int best = 0;
        for (int b = 1; b < curve.Length; b++)
            if (curve[b] > curve[best]) best = b;
        return new BandwidthSearch((double[])bandwidths.Clone(), curve, bandwidths[best], folds);
    }

    static double[] LogDensities(KernelSums kernelSums, int n, Points queries, DensityKernel kernel, double h)
    {
        var result = new double[queries.Count];
        kernelSums.LogSums(kernel, h, queries, result);
        double offset = kernel.LogNormalization(h, queries.Dimension) - Math.Log(n);
        for (int i = 0; i < result.Length; i++) result[i] += offset;
        return result;
    }

    static double CheckBandwidth(double h, string op, string argument = "bandwidth")
    {
        if (!(h > 0) || double.IsInfinity(h))
            throw new ArgumentException($"{op}: {argument} must be a finite number > 0, got {h}", argument);
        return h;
    }

    static void CheckFolds(int folds, int n, string op)
    {
        if (folds < 2) throw new ArgumentException($"{op}: folds must be >= 2, got {folds}", nameof(folds));
        if (folds > n) throw new ArgumentException($"{op}: folds ({folds}) cannot exceed the number of points ({n})", nameof(folds));
    }

    static int[] Permutation(int n, Generator generator) =>
        Array.ConvertAll(torch.randperm(n, generator: generator).data<long>().ToArray(), i => (int)i);
}
