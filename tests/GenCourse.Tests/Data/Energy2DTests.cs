using GenCourse.Data;
using static GenCourse.torch;

namespace GenCourse.Tests.Data;

public class Energy2DTests
{
    // Rezende & Mohamed (2015), Table 1, written out with Math on doubles.
    static double Sq(double v) => v * v;
    static double W1(double z1) => Math.Sin(2 * Math.PI * z1 / 4);
    static double W2(double z1) => 3 * Math.Exp(-0.5 * Sq((z1 - 1) / 0.6));
    static double W3(double z1) => 3 / (1 + Math.Exp(-(z1 - 1) / 0.3));

    static double U1(double z1, double z2) =>
        0.5 * Sq((Math.Sqrt(z1 * z1 + z2 * z2) - 2) / 0.4)
        - Math.Log(Math.Exp(-0.5 * Sq((z1 - 2) / 0.6)) + Math.Exp(-0.5 * Sq((z1 + 2) / 0.6)));

    static double U2(double z1, double z2) => 0.5 * Sq((z2 - W1(z1)) / 0.4);

    static double U3(double z1, double z2) =>
        -Math.Log(Math.Exp(-0.5 * Sq((z2 - W1(z1)) / 0.35)) + Math.Exp(-0.5 * Sq((z2 - W1(z1) + W2(z1)) / 0.35)));

    static double U4(double z1, double z2) =>
        -Math.Log(Math.Exp(-0.5 * Sq((z2 - W1(z1)) / 0.4)) + Math.Exp(-0.5 * Sq((z2 - W1(z1) + W3(z1)) / 0.35)));

    static readonly Func<double, double, double>[] Formulas = [U1, U2, U3, U4];

    static readonly double[,] Points = { { 0.3, -1.2 }, { 1, 1 }, { -2.5, 0.4 }, { 2, 0 }, { 1.7, -2.9 } };

    [Fact]
    public void Potentials_MatchTheFormulasOfTable1()
    {
        var z = tensor(Points);
        for (int k = 0; k < 4; k++)
        {
            var u = Energy2D.All[k].U(z).ToArray<double>();
            for (int i = 0; i < Points.GetLength(0); i++)
                Assert.Equal(Formulas[k](Points[i, 0], Points[i, 1]), u[i], 10);
        }
    }

    [Fact]
    public void Potentials_HandComputedValues()
    {
        Assert.Equal(0, Energy2D.U2(tensor(new double[] { 1, 1 }, [1, 2]))[0].item<double>(), 14);       // w1(1) = sin(pi/2) = 1
        Assert.Equal(0.5 * Sq(1 / 0.4), Energy2D.U2(tensor(new double[] { 0, 1 }, [1, 2]))[0].item<double>(), 12);
        // On the ring ||z|| = 2 at z1 = 2 the first term vanishes; -ln(1 + exp(-1/2 (4/0.6)^2)) is about -2.2e-10.
        Assert.Equal(-Math.Log(1 + Math.Exp(-0.5 * Sq(4 / 0.6))), Energy2D.U1(tensor(new double[] { 2, 0 }, [1, 2]))[0].item<double>(), 14);
    }

    [Fact]
    public void Potentials_GradientsFromAutogradMatchCentralDifferences()
    {
        const double h = 1e-6;
        for (int k = 0; k < 4; k++)
        {
            var z = tensor(Points, requires_grad: true);
            var grad = autograd.grad([Energy2D.All[k].U(z).sum()], [z])[0]!.ToArray<double>();
            for (int i = 0; i < Points.GetLength(0); i++)
            {
                double z1 = Points[i, 0], z2 = Points[i, 1];
                double d1 = (Formulas[k](z1 + h, z2) - Formulas[k](z1 - h, z2)) / (2 * h);
                double d2 = (Formulas[k](z1, z2 + h) - Formulas[k](z1, z2 - h)) / (2 * h);
                Assert.Equal(d1, grad[2 * i], 5);
                Assert.Equal(d2, grad[2 * i + 1], 5);
            }
        }
    }

    [Fact]
    public void U2_GradientMatchesTheHandDerivedFormula()
    {
        // dU2/dz2 = (z2 - w1) / 0.16, dU2/dz1 = -(z2 - w1) / 0.16 * (pi / 2) cos(pi z1 / 2)
        var z = tensor(new double[] { 0.3, -1.2 }, [1, 2], requires_grad: true);
        var grad = autograd.grad([Energy2D.U2(z).sum()], [z])[0]!.ToArray<double>();
        double r = (-1.2 - W1(0.3)) / 0.16;
        Assert.Equal(-r * Math.PI / 2 * Math.Cos(Math.PI * 0.3 / 2), grad[0], 12);
        Assert.Equal(r, grad[1], 12);
    }

    [Fact]
    public void Potentials_KeepLeadingDimensionsAndDtype()
    {
        var grid = zeros([5, 7, 2]);
        foreach (var (name, u) in Energy2D.All)
        {
            var values = u(grid);
            Assert.Equal(new long[] { 5, 7 }, values.shape);
            Assert.Equal(ScalarType.Float32, values.dtype);
        }
    }

    [Fact]
    public void Potentials_WrongLastDimension_ErrorNamesPotentialAndShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Energy2D.U3(zeros(4, 3)));
        Assert.Contains("U3", e.Message);
        Assert.Contains("[4, 3]", e.Message);
    }
}
