namespace GenCourse.Data;

/// <summary>
/// Seeded 2-D toy data sets for density estimation and generative models. Every generator returns float32 points
/// [n, 2] ([n, d] for blobs) and, where the data has natural classes, int64 labels [n] and draws all randomness from the optional
/// <see cref="Generator"/>, so a seed gives the same points on every run. Moons, circles and blobs follow
/// scikit-learn's <c>make_*</c> conventions (noise = std of Gaussian noise added to each coordinate); the other
/// sets follow the toy data of FFJORD (Grathwohl et al., 2019), the usual benchmark for 2-D flows.
/// </summary>
public static class Toy
{
    /// <summary>
    /// Two interleaving half circles (scikit-learn's <c>make_moons</c>): the upper moon (label 0) is
    /// (cos t, sin t), the lower one (label 1) is (1 - cos t, 0.5 - sin t), t evenly spaced in [0, pi].
    /// </summary>
    public static (Tensor Points, Tensor Labels) Moons(int n, double noise = 0, bool shuffle = true, Generator? generator = null)
    {
        var (nOut, nIn) = Halves(n, nameof(Moons));
        var tOut = linspace(0, Math.PI, nOut, dtype: float64);
        var tIn = linspace(0, Math.PI, nIn, dtype: float64);
        var x = cat([tOut.cos(), 1 - tIn.cos()]);
        var y = cat([tOut.sin(), 0.5 - tIn.sin()]);
        return Finish(stack([x, y], 1), TwoClasses(nOut, nIn), noise, shuffle, generator);
    }

    /// <summary>
    /// A large circle (label 0, radius 1) around a smaller one (label 1, radius <paramref name="factor"/>), points evenly
    /// spaced in angle (scikit-learn's <c>make_circles</c>).
    /// </summary>
    public static (Tensor Points, Tensor Labels) Circles(int n, double noise = 0, double factor = 0.8, bool shuffle = true, Generator? generator = null)
    {
        if (!(factor >= 0 && factor < 1)) throw new ArgumentException($"Circles: factor must be in [0, 1), got {factor}", nameof(factor));
        var (nOut, nIn) = Halves(n, nameof(Circles));
        var tOut = arange(nOut, float64) * (2 * Math.PI / Math.Max(nOut, 1));
        var tIn = arange(nIn, float64) * (2 * Math.PI / Math.Max(nIn, 1));
        var x = cat([tOut.cos(), tIn.cos() * factor]);
        var y = cat([tOut.sin(), tIn.sin() * factor]);
        return Finish(stack([x, y], 1), TwoClasses(nOut, nIn), noise, shuffle, generator);
    }

    /// <summary>
    /// Isotropic Gaussian blobs (scikit-learn's <c>make_blobs</c>) around <paramref name="centers"/> centres drawn uniformly
    /// from [boxLow, boxHigh]^features; n is split evenly (the first n mod centers blobs get one more point).
    /// </summary>
    public static (Tensor Points, Tensor Labels) Blobs(int n, int centers = 3, int features = 2, double clusterStd = 1.0,
        double boxLow = -10, double boxHigh = 10, bool shuffle = true, Generator? generator = null)
    {
        if (centers <= 0 || features <= 0)
            throw new ArgumentException($"Blobs: centers ({centers}) and features ({features}) must be positive");
        var centres = rand([centers, features], generator: generator, dtype: float64) * (boxHigh - boxLow) + boxLow;
        return Blobs(n, centres, clusterStd, shuffle, generator);
    }

    /// <summary>Isotropic Gaussian blobs of std <paramref name="clusterStd"/> around the rows of <paramref name="centers"/> [k, d].</summary>
    public static (Tensor Points, Tensor Labels) Blobs(int n, Tensor centers, double clusterStd = 1.0, bool shuffle = true, Generator? generator = null)
    {
        if (centers.dim() != 2 || centers.shape[0] == 0)
            throw new ArgumentException($"Blobs: centers must be a [k, d] tensor with k >= 1, got shape {Shape.Format(centers.shape)}", nameof(centers));
        CheckCount(n, nameof(Blobs));
        var labels = Blocks(n, (int)centers.shape[0]);
        var points = centers.to(float64).index_select(0, labels);
        return Finish(points, labels, clusterStd, shuffle, generator);
    }

    /// <summary>
    /// Eight Gaussians with std <paramref name="std"/> centred on a circle of radius <paramref name="radius"/>, label k at angle
    /// k pi / 4. The defaults are FFJORD's "8gaussians" (radius 4, std 0.5, then everything divided by 1.414).
    /// </summary>
    public static (Tensor Points, Tensor Labels) EightGaussians(int n, double radius = 4 / 1.414, double std = 0.5 / 1.414, Generator? generator = null)
    {
        CheckCount(n, nameof(EightGaussians));
        var labels = randint(0, 8, [n], generator: generator);
        var angle = labels.to(float64) * (Math.PI / 4);
        var centres = stack([angle.cos(), angle.sin()], 1) * radius;
        return (Noisy(centres, std, generator).to(float32), labels);
    }

    /// <summary>
    /// A 2-D swiss roll, FFJORD's "swissroll": t = 1.5 pi (1 + 2u), u ~ U[0, 1), point (t cos t, t sin t) plus Gaussian noise
    /// of std <paramref name="noise"/>, everything divided by 5 (scikit-learn's <c>make_swiss_roll</c>, coordinates x and z).
    /// </summary>
    public static Tensor SwissRoll(int n, double noise = 1.0, Generator? generator = null)
    {
        CheckCount(n, nameof(SwissRoll));
        var t = 1.5 * Math.PI * (1 + 2 * rand([n], generator: generator, dtype: float64));
        var points = stack([t * t.cos(), t * t.sin()], 1);
        return (Noisy(points, noise, generator) / 5).to(float32);
    }

    /// <summary>
    /// FFJORD's "checkerboard": uniform on the 8 dark squares of a 4x4 board of 2x2 squares covering [-4, 4]^2
    /// (x1 uniform; x2 uniform in a square of the row whose colour alternates with floor(x1 / 2)).
    /// </summary>
    public static Tensor Checkerboard(int n, Generator? generator = null)
    {
        CheckCount(n, nameof(Checkerboard));
        var x1 = rand([n], generator: generator, dtype: float64) * 4 - 2;
        var column = x1.floor();
        var parity = column - 2 * (column / 2).floor();              // floor(x1) mod 2, in {0, 1}
        var row = randint(0, 2, [n], generator: generator).to(float64) * 2;      // 0 or 2
        var x2 = rand([n], generator: generator, dtype: float64) - row + parity;
        return (stack([x1, x2], 1) * 2).to(float32);
    }

    /// <summary>
    /// FFJORD's "pinwheel" (from Johnson et al., 2016): <paramref name="arms"/> curved arms. Each point starts at
    /// (1 + radialStd e1, tangentialStd e2), e ~ N(0, I), and is rotated by its arm's angle plus rate * exp(first coordinate);
    /// everything is scaled by 2. Labels are the arms.
    /// </summary>
    public static (Tensor Points, Tensor Labels) Pinwheel(int n, int arms = 5, double radialStd = 0.3, double tangentialStd = 0.1,
        double rate = 0.25, Generator? generator = null)
    {
        CheckCount(n, nameof(Pinwheel));
        if (arms <= 0) throw new ArgumentException($"Pinwheel: arms must be positive, got {arms}", nameof(arms));
        var labels = Blocks(n, arms);
        var e = randn([n, 2], generator: generator, dtype: float64);
        var radial = e.select(1, 0) * radialStd + 1;
        var tangential = e.select(1, 1) * tangentialStd;
        var angle = labels.to(float64) * (2 * Math.PI / arms) + rate * radial.exp();
        var (cos, sin) = (angle.cos(), angle.sin());
        var points = stack([radial * cos + tangential * sin, tangential * cos - radial * sin], 1) * 2;
        return Finish(points, labels, 0, shuffle: true, generator);
    }

    /// <summary>
    /// FFJORD's "2spirals": two interleaved arms (labels 0, 1), t = sqrt(u) * 3 pi, arm 0 at (-t cos t, t sin t) plus U[0, 0.5)
    /// jitter, arm 1 its mirror image through the origin; divided by 3, plus Gaussian noise of std <paramref name="noise"/>.
    /// </summary>
    public static (Tensor Points, Tensor Labels) Spirals(int n, double noise = 0.1, Generator? generator = null)
    {
        var (n0, n1) = Halves(n, nameof(Spirals));
        var t = rand([n], generator: generator, dtype: float64).sqrt() * (3 * Math.PI);
        var x = -t.cos() * t + rand([n], generator: generator, dtype: float64) * 0.5;
        var y = t.sin() * t + rand([n], generator: generator, dtype: float64) * 0.5;
        var labels = TwoClasses(n0, n1);
        var side = 1 - 2 * labels.to(float64);                           // arm 0: +1, arm 1: -1
        var points = stack([x * side, y * side], 1) / 3;
        return Finish(points, labels, noise, shuffle: true, generator);
    }

    static void CheckCount(int n, string op)
    {
        if (n < 0) throw new ArgumentException($"{op}: the number of points must be non-negative, got {n}", nameof(n));
    }

    /// <summary>scikit-learn's split of n into two classes: n / 2 and the rest.</summary>
    static (int First, int Second) Halves(int n, string op)
    {
        CheckCount(n, op);
        return (n / 2, n - n / 2);
    }

    /// <summary>Labels 0..k-1 in blocks of n / k (the first n mod k blocks one longer), scikit-learn's split for blobs.</summary>
    static Tensor Blocks(int n, int k)
    {
        var labels = new long[n];
        int start = 0;
        for (int label = 0; label < k; label++)
        {
            int size = n / k + (label < n % k ? 1 : 0);
            Array.Fill(labels, label, start, size);
            start += size;
        }
        return tensor(labels);
    }

    static Tensor TwoClasses(int first, int second) => cat([zeros([first], dtype: int64), ones([second], dtype: int64)]);

    static Tensor Noisy(Tensor points, double std, Generator? generator) =>
        std == 0 ? points : points + std * randn(points.shape, generator: generator, dtype: float64);

    /// <summary>Shuffles (as scikit-learn does, before the noise), adds noise and converts to float32.</summary>
    static (Tensor Points, Tensor Labels) Finish(Tensor points, Tensor labels, double noise, bool shuffle, Generator? generator)
    {
        if (shuffle)
        {
            var order = randperm(labels.shape[0], generator: generator);
            (points, labels) = (points.index_select(0, order), labels.index_select(0, order));
        }
        return (Noisy(points, noise, generator).to(float32), labels);
    }
}
