using GenCourse;
using GenCourse.Tests.Distributions;
using static GenCourse.torch;
using static GenCourse.Tests.Tensors.GradCheck;

namespace GenCourse.Tests.Tensors;

/// <summary>
/// torch.linalg: closed-form identities (A = L L^T, A A^-1 = I, log det from the Cholesky diagonal), PyTorch reference
/// values, first- and second-order gradient checks on symmetric positive-definite inputs, and error messages.
/// </summary>
public class LinearAlgebraTests
{
    /// <summary>X X^T + n I: symmetric positive definite for any X, and differentiable in X.</summary>
    static Tensor Spd(Tensor x) => x.matmul(x.mT) + eye(x.shape[^1], dtype: x.dtype) * x.shape[^1];

    static Tensor Ref(string function, string key = "output") =>
        DistributionRefs.ToTensor(DistributionRefs.Find("linalg", "function", function).GetProperty(key));

    static void Close(Tensor expected, Tensor actual, double tol = 1e-10) =>
        DistributionRefs.AssertClose(expected, actual, rtol: tol, atol: tol);

    [Theory]
    [InlineData(ScalarType.Float64, 1e-12)]
    [InlineData(ScalarType.Float32, 1e-5)]
    public void Cholesky_IsLowerTriangularAndReconstructsTheMatrix(ScalarType dtype, double tol)
    {
        var a = Spd(randn([2, 3, 5, 5], generator: new Generator(1), dtype: dtype));
        var l = linalg.cholesky(a);
        Assert.Equal(a.shape, l.shape);
        Close(zeros_like(l), l.triu(1), 0);
        Assert.True(l.diagonal(dim1: -2, dim2: -1).min().ToDouble() > 0);
        Close(a, l.matmul(l.mT), tol * 10);
    }

    [Fact]
    public void Cholesky_MatchesTorch() => Close(Ref("cholesky"), linalg.cholesky(Ref("cholesky", "input")));

    [Fact]
    public void Cholesky_Upper_IsTheTransposeOfTheLowerFactor()
    {
        var a = Spd(randn([4, 4], generator: new Generator(2), dtype: float64));
        Close(a.cholesky().mT, linalg.cholesky(a, upper: true), 0);
    }

    [Fact]
    public void Cholesky_ReadsOnlyTheLowerTriangle()
    {
        var a = Spd(randn([4, 4], generator: new Generator(3), dtype: float64));
        Close(linalg.cholesky(a), linalg.cholesky(a + ones(4, 4).@double().triu(1) * 100), 0);
    }

    [Fact]
    public void Cholesky_NotPositiveDefinite_ErrorNamesTheBatchElementAndTheMinor()
    {
        var a = stack([eye(3, dtype: float64), tensor(new double[,] { { 1, 2, 0 }, { 2, 1, 0 }, { 0, 0, 1 } }), eye(3, dtype: float64)]);
        var e = Assert.Throws<ArgumentException>(() => linalg.cholesky(a));
        Assert.Contains("linalg.cholesky", e.Message);
        Assert.Contains("batch element [1]", e.Message);
        Assert.Contains("order 2", e.Message);
        Assert.Contains("not positive definite", e.Message);
    }

    [Fact]
    public void SolveTriangular_MatchesTorch_LowerLeftAndUpperRight()
    {
        var f = DistributionRefs.Find("linalg", "function", "solve_triangular_lower");
        Close(Ref("solve_triangular_lower"), linalg.solve_triangular(DistributionRefs.ToTensor(f.GetProperty("A")), DistributionRefs.ToTensor(f.GetProperty("B")), upper: false));
        var g = DistributionRefs.Find("linalg", "function", "solve_triangular_upper_right");
        Close(Ref("solve_triangular_upper_right"),
            linalg.solve_triangular(DistributionRefs.ToTensor(g.GetProperty("A")), DistributionRefs.ToTensor(g.GetProperty("B")), upper: true, left: false));
    }

    [Theory]
    [InlineData(false, true, false)]
    [InlineData(true, true, false)]
    [InlineData(false, false, false)]
    [InlineData(true, false, true)]
    public void SolveTriangular_SolvesTheSystemWithBroadcastBatches(bool upper, bool left, bool unitriangular)
    {
        var a = randn([4, 4], generator: new Generator(4), dtype: float64) + eye(4, dtype: float64) * 4;
        var triangle = upper ? a.triu() : a.tril();
        if (unitriangular) triangle = triangle - diag_embed(triangle.diagonal()) + eye(4, dtype: float64);
        var b = randn(left ? new long[] { 3, 4, 2 } : new long[] { 3, 2, 4 }, generator: new Generator(5), dtype: float64);
        var x = linalg.solve_triangular(a, b, upper, left, unitriangular);
        Assert.Equal(b.shape, x.shape);
        Close(b, left ? triangle.matmul(x) : x.matmul(triangle), 1e-12);
    }

    [Theory]
    [InlineData(ScalarType.Float64, 1e-12)]
    [InlineData(ScalarType.Float32, 1e-5)]
    public void Inverse_TimesTheMatrix_IsTheIdentity(ScalarType dtype, double tol)
    {
        var a = randn([3, 5, 5], generator: new Generator(6), dtype: dtype) + eye(5, dtype: dtype) * 3;
        var identity = eye(5, dtype: dtype).expand(3, 5, 5);
        Close(identity, a.matmul(linalg.inv(a)), tol);
        Close(identity, a.inverse().matmul(a), tol);
    }

    [Fact]
    public void Inverse_MatchesTorch() => Close(Ref("inv"), linalg.inv(Ref("inv", "input")));

    [Fact]
    public void Inverse_OfASingularMatrix_ErrorNamesTheBatchElement()
    {
        var a = stack([eye(2, dtype: float64), tensor(new double[,] { { 1, 2 }, { 2, 4 } })]);
        var e = Assert.Throws<ArgumentException>(() => linalg.inv(a));
        Assert.Contains("linalg.inv", e.Message);
        Assert.Contains("batch element [1]", e.Message);
        Assert.Contains("singular", e.Message);
    }

    [Fact]
    public void Slogdet_AndDet_MatchTorch()
    {
        var a = Ref("slogdet", "input");
        var (sign, logabsdet) = linalg.slogdet(a);
        Close(Ref("slogdet", "sign"), sign, 0);
        Close(Ref("slogdet", "logabsdet"), logabsdet);
        Close(Ref("slogdet", "det"), linalg.det(a));
    }

    [Fact]
    public void Logdet_OfSpdMatrix_IsTwiceTheSumOfLogCholeskyDiagonal()
    {
        var a = Spd(randn([2, 6, 6], generator: new Generator(7), dtype: float64));
        var fromCholesky = a.cholesky().diagonal(dim1: -2, dim2: -1).log().sum(-1) * 2;
        Close(fromCholesky, a.logdet(), 1e-12);
        Close(fromCholesky.exp(), a.det(), 1e-10);
    }

    [Fact]
    public void Logdet_IsNanForNegativeAndMinusInfinityForZeroDeterminant()
    {
        var negative = tensor(new double[,] { { 0, 1 }, { 1, 0 } });
        var singular = tensor(new double[,] { { 1, 2 }, { 2, 4 } });
        Assert.True(double.IsNaN(negative.logdet().item<double>()));
        var (sign, logabsdet) = negative.slogdet();
        Assert.Equal(-1.0, sign.item<double>());
        Assert.Equal(0.0, logabsdet.item<double>(), 15);
        Assert.Equal(double.NegativeInfinity, singular.logdet().item<double>());
        Assert.Equal(0.0, singular.slogdet().sign.item<double>());
        Assert.Equal(-1.0, negative.det().item<double>(), 15);
    }

    [Fact]
    public void Diagonal_IsAViewWithOffsets_AndDiagEmbedIsItsAdjoint()
    {
        var a = arange(0, 12, dtype: float64).reshape(3, 4);
        Assert.Equal(new double[] { 0, 5, 10 }, a.diagonal().ToArray<double>());
        Assert.Equal(new double[] { 1, 6, 11 }, a.diagonal(1).ToArray<double>());
        Assert.Equal(new double[] { 4, 9 }, a.diagonal(-1).ToArray<double>());
        Assert.Equal(new double[] { 4, 9 }, a.T.diagonal(1).ToArray<double>());
        var d = diag_embed(tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]));
        Assert.Equal(new long[] { 2, 3, 3 }, d.shape);
        Assert.Equal(new double[] { 4, 0, 0, 0, 5, 0, 0, 0, 6 }, d[1].reshape(-1).ToArray<double>());
    }

    [Fact]
    public void Errors_NameTheOpAndTheShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => linalg.cholesky(ones([2, 3], float64)));
        Assert.Contains("linalg.cholesky", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => linalg.solve_triangular(eye(3, dtype: float64), ones([2, 3], float64), upper: false));
        Assert.Contains("linalg.solve_triangular", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => linalg.solve_triangular(eye(3, dtype: float64), ones([3, 2], float32), upper: false));
        Assert.Contains("torch.float32", e.Message);
        e = Assert.Throws<ArgumentException>(() => linalg.inv(ones([3], float64)));
        Assert.Contains("linalg.inv", e.Message);
    }

    // Gradient checks: inputs are made symmetric positive definite / well conditioned inside the checked function.

    [Fact]
    public void Cholesky_GradCheck_FirstAndSecondOrder()
    {
        Func<Tensor[], Tensor> f = a => linalg.cholesky(Spd(a[0]));
        Check(f, [Input(10, 2, 3, 3)], what: "cholesky");
        CheckSecondOrder(f, [Input(11, 3, 3)], what: "cholesky");
        Check(a => linalg.cholesky(Spd(a[0]), upper: true), [Input(12, 3, 3)], what: "cholesky upper");
    }

    [Theory]
    [InlineData(false, true, false)]
    [InlineData(true, true, false)]
    [InlineData(false, false, false)]
    [InlineData(true, false, true)]
    public void SolveTriangular_GradCheck_FirstAndSecondOrder(bool upper, bool left, bool unitriangular)
    {
        Func<Tensor[], Tensor> f = a => linalg.solve_triangular(a[0] + eye(3, dtype: float64) * 3, a[1], upper, left, unitriangular);
        Check(f, [Input(13, 3, 3), Input(14, left ? new long[] { 2, 3, 2 } : new long[] { 2, 2, 3 })], what: "solve_triangular");
        CheckSecondOrder(f, [Input(15, 3, 3), Input(16, left ? new long[] { 3, 2 } : new long[] { 2, 3 })], what: "solve_triangular");
    }

    [Fact]
    public void Inverse_GradCheck_FirstAndSecondOrder()
    {
        Func<Tensor[], Tensor> f = a => linalg.inv(a[0] + eye(3, dtype: float64) * 3);
        Check(f, [Input(17, 2, 3, 3)], what: "inv");
        CheckSecondOrder(f, [Input(18, 3, 3)], what: "inv");
    }

    [Fact]
    public void Logdet_Slogdet_Det_GradCheck_FirstAndSecondOrder()
    {
        Check(a => Spd(a[0]).logdet(), [Input(19, 2, 3, 3)], what: "logdet");
        CheckSecondOrder(a => Spd(a[0]).logdet(), [Input(20, 3, 3)], what: "logdet");
        Check(a => linalg.slogdet(a[0] + eye(3, dtype: float64) * 3).logabsdet, [Input(21, 3, 3)], what: "slogdet");
        Check(a => linalg.det(a[0] + eye(3, dtype: float64) * 3), [Input(22, 2, 3, 3)], what: "det");
        CheckSecondOrder(a => linalg.det(a[0] + eye(3, dtype: float64) * 3), [Input(23, 3, 3)], what: "det");
    }

    [Fact]
    public void Diagonal_And_DiagEmbed_GradCheck_FirstAndSecondOrder()
    {
        Check(a => a[0].diagonal(1, -2, -1) * a[0].diagonal(-1, 0, 2), [Input(24, 3, 3, 3)], what: "diagonal");
        Check(a => diag_embed(a[0]) * 2, [Input(25, 2, 3)], what: "diag_embed");
        CheckSecondOrder(a => a[0].diagonal().square(), [Input(26, 3, 3)], what: "diagonal");
    }
}
