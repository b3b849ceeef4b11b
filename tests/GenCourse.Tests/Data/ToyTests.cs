using GenCourse.Data;
using static GenCourse.torch;

namespace GenCourse.Tests.Data;

public class ToyTests
{
    static double[] Radii(Tensor points) => points.to(float64).square().sum(1).sqrt().ToArray<double>();

    static void AssertPoints(Tensor points, int n, int d = 2)
    {
        Assert.Equal(new long[] { n, d }, points.shape);
        Assert.Equal(ScalarType.Float32, points.dtype);
    }

    [Fact]
    public void Moons_WithoutNoise_LieOnTheTwoHalfCircles()
    {
        var (x, y) = Toy.Moons(101, generator: new Generator(1));
        AssertPoints(x, 101);
        var p = x.to(float64);
        var labels = y.ToArray<long>();
        Assert.Equal(50, labels.Count(l => l == 0));                     // scikit-learn: n / 2 in the upper moon
        for (int i = 0; i < 101; i++)
        {
            double px = p[i, 0].item<double>(), py = p[i, 1].item<double>();
            var (cx, cy) = labels[i] == 0 ? (0.0, 0.0) : (1.0, 0.5);
            Assert.Equal(1, Math.Sqrt((px - cx) * (px - cx) + (py - cy) * (py - cy)), tolerance: 1e-5);
            Assert.True(labels[i] == 0 ? py >= -1e-6 : py <= 0.5 + 1e-6);
        }
    }

    [Fact]
    public void Moons_WithNoise_StayWithinKnownBoundsAndAreSeeded()
    {
        var (x, y) = Toy.Moons(2000, noise: 0.1, generator: new Generator(3));
        Assert.InRange(x.select(1, 0).min().item<float>(), -1.6f, -0.8f);
        Assert.InRange(x.select(1, 0).max().item<float>(), 1.8f, 2.6f);
        Assert.InRange(x.select(1, 1).min().item<float>(), -1.1f, -0.3f);
        Assert.InRange(x.select(1, 1).max().item<float>(), 0.8f, 1.6f);
        var (x2, y2) = Toy.Moons(2000, noise: 0.1, generator: new Generator(3));
        Assert.Equal(x.ToArray<float>(), x2.ToArray<float>());
        Assert.Equal(y.ToArray<long>(), y2.ToArray<long>());
    }

    [Fact]
    public void Circles_RadiiAreOneAndFactor()
    {
        var (x, y) = Toy.Circles(200, factor: 0.5, generator: new Generator(2));
        AssertPoints(x, 200);
        var radii = Radii(x);
        var labels = y.ToArray<long>();
        for (int i = 0; i < 200; i++) Assert.Equal(labels[i] == 0 ? 1 : 0.5, radii[i], tolerance: 1e-5);
    }

    [Fact]
    public void Blobs_SplitPointsLikeScikitLearnAndScatterWithClusterStd()
    {
        var centers = tensor(new double[,] { { -5, 0 }, { 5, 5 }, { 0, -8 } });
        var (x, y) = Toy.Blobs(3001, centers, clusterStd: 0.5, generator: new Generator(4));
        AssertPoints(x, 3001);
        Assert.Equal(new[] { 1001, 1000, 1000 }, Enumerable.Range(0, 3).Select(k => y.ToArray<long>().Count(l => l == k)));
        var residual = x.to(float64) - centers.index_select(0, y);
        Assert.InRange(residual.std().item<double>(), 0.48, 0.52);
        Assert.InRange(residual.mean().item<double>(), -0.03, 0.03);
    }

    [Fact]
    public void Blobs_RandomCentresLieInTheBox()
    {
        var (x, _) = Toy.Blobs(300, centers: 4, features: 3, clusterStd: 0.01, boxLow: 2, boxHigh: 3, generator: new Generator(5));
        AssertPoints(x, 300, 3);
        Assert.InRange(x.min().item<float>(), 1.9f, 3.1f);
        Assert.InRange(x.max().item<float>(), 1.9f, 3.1f);
    }

    [Fact]
    public void EightGaussians_PointsLieNearTheRingAtTheirComponentsAngle()
    {
        var (x, y) = Toy.EightGaussians(4000, radius: 2, std: 0.05, generator: new Generator(6));
        AssertPoints(x, 4000);
        Assert.All(Radii(x), r => Assert.InRange(r, 1.75, 2.25));
        var angle = y.to(float64) * (Math.PI / 4);
        var offsets = x.to(float64) - stack([angle.cos(), angle.sin()], 1) * 2;
        Assert.InRange(offsets.std().item<double>(), 0.047, 0.053);
        var counts = Enumerable.Range(0, 8).Select(k => y.ToArray<long>().Count(l => l == k)).ToArray();
        Assert.All(counts, c => Assert.InRange(c, 400, 600));
    }

    [Fact]
    public void EightGaussians_DefaultsAreFfjordsScale()
    {
        var (x, _) = Toy.EightGaussians(5000, generator: new Generator(7));
        double meanRadius = Radii(x).Average();
        Assert.InRange(meanRadius, 2.8, 2.9);                               // 4 / 1.414 = 2.83
    }

    [Fact]
    public void SwissRoll_WithoutNoise_FollowsTheSpiralTCosTTSinT()
    {
        var x = Toy.SwissRoll(500, noise: 0, generator: new Generator(8)).to(float64) * 5;
        AssertPoints(Toy.SwissRoll(500, generator: new Generator(8)), 500);
        var radii = Radii(x);
        Assert.All(radii, r => Assert.InRange(r, 1.5 * Math.PI - 1e-4, 4.5 * Math.PI + 1e-4));
        for (int i = 0; i < 500; i++)
        {
            double t = radii[i];                                            // |(t cos t, t sin t)| = t
            Assert.Equal(t * Math.Cos(t), x[i, 0].item<double>(), tolerance: 1e-4);
            Assert.Equal(t * Math.Sin(t), x[i, 1].item<double>(), tolerance: 1e-4);
        }
    }

    [Fact]
    public void Checkerboard_PointsFallOnDarkSquaresOnly()
    {
        var x = Toy.Checkerboard(4000, new Generator(9));
        AssertPoints(x, 4000);
        var values = x.ToArray<float>();
        var squares = new int[4, 4];
        for (int i = 0; i < 4000; i++)
        {
            int col = (int)Math.Floor(values[2 * i] / 2) + 2, row = (int)Math.Floor(values[2 * i + 1] / 2) + 2;
            Assert.InRange(col, 0, 3);
            Assert.InRange(row, 0, 3);
            Assert.Equal(0, (col + row) % 2);                               // squares whose indices sum to an even number
            squares[col, row]++;
        }
        foreach (var (c, r) in from c in Enumerable.Range(0, 4) from r in Enumerable.Range(0, 4) where (c + r) % 2 == 0 select (c, r))
            Assert.InRange(squares[c, r], 400, 600);                        // about 4000 / 8 each
    }

    [Fact]
    public void Pinwheel_HasBalancedArmsAtRoughlyRadiusTwo()
    {
        var (x, y) = Toy.Pinwheel(1000, generator: new Generator(10));
        AssertPoints(x, 1000);
        Assert.Equal(Enumerable.Repeat(200, 5), Enumerable.Range(0, 5).Select(k => y.ToArray<long>().Count(l => l == k)));
        Assert.InRange(Radii(x).Average(), 1.9, 2.2);                        // 2 * |(1 + 0.3 e1, 0.1 e2)|
    }

    [Fact]
    public void Spirals_ArmsAreMirrorImagesThroughTheOrigin()
    {
        var (x, y) = Toy.Spirals(20000, noise: 0, generator: new Generator(11));
        AssertPoints(x, 20000);
        var arm0 = x.index_select(0, IndicesWhere(y.eq(0)));
        var arm1 = x.index_select(0, IndicesWhere(y.eq(1)));
        Assert.Equal(10000, arm0.shape[0]);
        Assert.True(allclose(arm0.mean(0), -arm1.mean(0), atol: 0.1));
        Assert.InRange(Radii(x).Max(), 2.9, 3.5);                           // (3 pi + jitter) / 3
    }

    [Fact]
    public void GaussianMixture1D_SamplesMatchTheMomentsAndDensityIntegratesToOne()
    {
        var mixture = new GaussianMixture1D([-2, 3], [0.5, 1], [0.25, 0.75]);
        var (x, components) = mixture.Sample(20000, new Generator(12));
        AssertPoints(x, 20000, 1);
        Assert.InRange(components.to(float64).mean().item<double>(), 0.74, 0.76);
        Assert.InRange(x.mean().item<float>(), 0.25 * -2 + 0.75 * 3 - 0.05, 0.25 * -2 + 0.75 * 3 + 0.05);
        var grid = linspace(-10, 10, 4001, float64);
        var integral = mixture.LogDensity(grid).exp().sum().item<double>() * (20.0 / 4000);
        Assert.Equal(1, integral, 6);
        double at0 = 0.25 * Normal(0, -2, 0.5) + 0.75 * Normal(0, 3, 1);
        Assert.Equal(Math.Log(at0), mixture.LogDensity(tensor(new double[] { 0 }))[0].item<double>(), 12);
    }

    static double Normal(double x, double mu, double sigma) =>
        Math.Exp(-0.5 * (x - mu) * (x - mu) / (sigma * sigma)) / (sigma * Math.Sqrt(2 * Math.PI));

    static Tensor IndicesWhere(Tensor mask) =>
        tensor(mask.ToArray<float>().Select((v, i) => (v, i)).Where(p => p.v != 0).Select(p => (long)p.i).ToArray());
}
