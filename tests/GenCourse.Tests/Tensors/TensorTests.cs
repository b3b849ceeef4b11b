using GenCourse;
using static GenCourse.torch;

namespace GenCourse.Tests.Tensors;

public class TensorTests
{
    [Fact]
    public void Broadcasting_FollowsNumPyRules()
    {
        var a = arange(6, float64).reshape(2, 3, 1);
        var b = tensor(new double[] { 10, 20 });
        var c = a + b;
        Assert.Equal(new long[] { 2, 3, 2 }, c.shape);
        Assert.Equal(new double[] { 10, 20, 11, 21, 12, 22, 13, 23, 14, 24, 15, 25 }, c.ToArray<double>());
    }

    [Fact]
    public void Broadcasting_IncompatibleShapes_NameOpAndShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => zeros(2, 3) * zeros(4));
        Assert.Contains("mul", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4]", ex.Message);
    }

    [Fact]
    public void Matmul_InnerMismatch_MessageNamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => zeros(128, 784).matmul(zeros(512, 784)));
        Assert.Equal("matmul: cannot multiply [128, 784] by [512, 784]: inner dimensions 784 and 512 differ", ex.Message);
    }

    [Fact]
    public void Views_ShareStorage_AndTransposeIsNotContiguous()
    {
        var x = arange(12, float32).reshape(3, 4);
        var t = x.t();
        Assert.False(t.is_contiguous());
        Assert.Equal(new long[] { 1, 4 }, t.stride());
        var v = x.view(4, 3);
        using (no_grad()) x.narrow(0, 0, 1).fill_(-1);
        Assert.Equal(-1f, v.ToArray<float>()[3]);
        Assert.Throws<InvalidOperationException>(() => t.view(12));
        Assert.Equal(x.ToArray<float>().Length, t.reshape(12).ToArray<float>().Length);
        Assert.Equal(new float[] { -1, 4, 8, -1 }, t.reshape(12).ToArray<float>()[..4]);
    }

    [Fact]
    public void Reshape_InfersOneDimension_AndRejectsBadSizes()
    {
        Assert.Equal(new long[] { 3, 4 }, zeros(12).reshape(3, -1).shape);
        var ex = Assert.Throws<ArgumentException>(() => zeros(12).reshape(5, -1));
        Assert.Contains("invalid for a tensor of 12 elements", ex.Message);
    }

    [Fact]
    public void Slicing_WithStep_MatchesPython()
    {
        var x = arange(10);
        Assert.Equal(new long[] { 1, 4, 7 }, x.slice(0, 1, 9, 3).ToArray<long>());
        Assert.Equal(new long[] { 8, 9 }, x.slice(0, -2, 10).ToArray<long>());
    }

    [Fact]
    public void Reductions_MatchClosedForms()
    {
        var x = tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        Assert.Equal(new double[] { 6, 15 }, x.sum(1).ToArray<double>());
        Assert.Equal(new double[] { 2.5, 3.5, 4.5 }, x.mean(0).ToArray<double>());
        Assert.Equal(1.0, x.var(1).ToArray<double>()[0], 12);
        Assert.Equal(2.0 / 3, x.var(1, unbiased: false).ToArray<double>()[0], 12);
        Assert.Equal(new long[] { 2, 2 }, x.argmax(1).ToArray<long>());
        Assert.Equal(Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)), x.logsumexp(1).ToArray<double>()[0], 12);
        Assert.Equal(new double[] { 1, 3, 6, 4, 9, 15 }, x.cumsum(1).ToArray<double>());
    }

    [Fact]
    public void LogSumExp_IsStableForLargeValues()
    {
        var x = tensor(new double[] { 1000, 1000 });
        Assert.Equal(1000 + Math.Log(2), x.logsumexp(0).item<double>(), 9);
        var sm = tensor(new float[] { 1000, 0 }).softmax(0).ToArray<float>();
        Assert.Equal(1f, sm[0]);
        Assert.Equal(0f, sm[1]);
    }

    [Fact]
    public void Generator_SameSeedSameNumbers_AndKnownValues()
    {
        var a = randn(new long[] { 5 }, generator: new Generator(42), dtype: float64).ToArray<double>();
        var b = randn(new long[] { 5 }, generator: new Generator(42), dtype: float64).ToArray<double>();
        var c = randn(new long[] { 5 }, generator: new Generator(43), dtype: float64).ToArray<double>();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        // xoshiro256** reference: first output for splitmix64(0)-seeded state.
        var g = new Generator(0);
        Assert.Equal(0x99EC5F36CB75F2B4UL, g.NextUInt64());
    }

    [Fact]
    public void Random_MomentsMatchTheirDistributions()
    {
        var g = new Generator(1);
        var n = randn(new long[] { 200000 }, generator: g, dtype: float64);
        Assert.InRange(n.mean().item<double>(), -0.01, 0.01);
        Assert.InRange(n.var().item<double>(), 0.98, 1.02);
        var u = rand(new long[] { 200000 }, generator: g, dtype: float64);
        Assert.InRange(u.mean().item<double>(), 0.495, 0.505);
        Assert.InRange(u.min().item<double>(), 0, 1e-3);
        var k = randint(0, 5, new long[] { 50000 }, generator: g).to(float64);
        Assert.InRange(k.mean().item<double>(), 1.95, 2.05);
        var draws = multinomial(tensor(new double[] { 1, 3 }), 40000, replacement: true, generator: g).to(float64);
        Assert.InRange(draws.mean().item<double>(), 0.74, 0.76);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, randperm(5, generator: g).ToArray<long>().Order().ToArray());
    }

    [Fact]
    public void PortableLog_MatchesMathLog()
    {
        foreach (var x in new[] { 1e-300, 1e-10, 0.1, 0.5, 0.7071, 1, 1.5, 2, 10, 1e10 })
            Assert.Equal(Math.Log(x), Generator.PortableLog(x), 14);
    }

    [Fact]
    public void ToString_PrintsLikePyTorch()
    {
        Assert.Equal("tensor([[1., 2.],\n        [3., 4.]])", tensor(new float[] { 1, 2, 3, 4 }, [2, 2]).ToString());
        Assert.Equal("tensor([ 0.5000, -1.2500], dtype=torch.float64)", tensor(new double[] { 0.5, -1.25 }).ToString());
        Assert.Equal("tensor([0, 1, 2])", arange(3).ToString());
        Assert.Equal("tensor(3.5000, requires_grad=True)", tensor(3.5f, requires_grad: true).ToString());
        Assert.Equal("tensor([   0.,    1.,    2., ..., 1997., 1998., 1999.])", arange(2000, float32).ToString());
        Assert.Contains("grad_fn=<MulBackward>", (tensor(1.0, requires_grad: true) * 2).ToString());
    }

    [Fact]
    public void Indexing_GatherScatterIndexSelect()
    {
        var x = tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        Assert.Equal(new double[] { 3, 1, 5, 5 }, x.gather(1, tensor(new long[] { 2, 0, 1, 1 }, [2, 2])).ToArray<double>());
        Assert.Equal(new double[] { 4, 5, 6, 1, 2, 3 }, x.index_select(0, tensor(new long[] { 1, 0 })).ToArray<double>());
        var s = zeros(new long[] { 3 }, float64).scatter_add(0, tensor(new long[] { 0, 2, 0 }), tensor(new double[] { 1, 2, 3 }));
        Assert.Equal(new double[] { 4, 0, 2 }, s.ToArray<double>());
        var ex = Assert.Throws<ArgumentException>(() => x.index_select(0, tensor(new long[] { 2 })));
        Assert.Contains("out of range", ex.Message);
        Assert.Equal(new long[] { 0, 1, 0, 0, 0, 1 }, nn.functional.one_hot(tensor(new long[] { 1, 2 }), 3).ToArray<long>());
    }

    [Fact]
    public void Comparisons_ReturnBoolMasks_UsableForAccuracyAfterConversion()
    {
        var pred = tensor(new long[] { 1, 2, 3, 4 });
        var labels = tensor(new long[] { 1, 0, 3, 0 });
        var correct = pred.eq(labels);
        Assert.Equal(ScalarType.Bool, correct.dtype);
        Assert.Equal(new[] { true, false, true, false }, correct.data<bool>().ToArray());
        Assert.Equal(2L, correct.sum().item<long>());                       // a count, in int64 as in PyTorch
        Assert.Equal(0.5f, correct.to(float32).mean().item<float>());
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Int64)]
    public void Comparisons_MatchScalarComparisons_InEveryLayout(ScalarType dtype)
    {
        // 37 elements: whole vectors and a tail; NaN and infinities only where the dtype has them.
        bool isFloat = dtype != ScalarType.Int64;
        double[] special = isFloat ? [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0, -0.0, 2] : [0, 2, -5];
        var random = new Random(7);
        double[] a = Enumerable.Range(0, 37).Select(i => i < special.Length ? special[i] : random.Next(-3, 4)).ToArray();
        double[] b = Enumerable.Range(0, 37).Select(i => i % 5 == 0 ? a[i] : random.Next(-3, 4)).ToArray();
        b[1] = isFloat ? double.NaN : b[1];
        Tensor T(double[] v) => isFloat ? tensor(v, dtype: dtype) : tensor(v.Select(x => (long)x).ToArray());
        var ops = new (string Name, Func<Tensor, Tensor, Tensor> Tensors, Func<Tensor, double, Tensor> Scalar, Func<double, double, bool> Expected)[]
        {
            ("eq", (x, y) => x.eq(y), (x, s) => x.eq(s), (x, y) => x == y),
            ("ne", (x, y) => x.ne(y), (x, s) => x.ne(s), (x, y) => x != y),
            ("lt", (x, y) => x.lt(y), (x, s) => x.lt(s), (x, y) => x < y),
            ("le", (x, y) => x.le(y), (x, s) => x.le(s), (x, y) => x <= y),
            ("gt", (x, y) => x.gt(y), (x, s) => x.gt(s), (x, y) => x > y),
            ("ge", (x, y) => x.ge(y), (x, s) => x.ge(s), (x, y) => x >= y),
        };
        foreach (var (name, tensors, scalar, expected) in ops)
        {
            Assert.Equal(ScalarType.Bool, tensors(T(a), T(b)).dtype);
            Assert.Equal(ScalarType.Bool, scalar(T(a), 1).dtype);
            Assert.Equal(ScalarType.Bool, scalar(T(a), 0.5).dtype);
            var vv = tensors(T(a), T(b)).to(float64).ToArray<double>();
            var vs = scalar(T(a), 1).to(float64).ToArray<double>();
            var sv = tensors(T([1]).reshape(), T(a)).to(float64).ToArray<double>();   // a 0-d tensor first
            for (int i = 0; i < a.Length; i++)
            {
                Assert.True(vv[i] == (expected(a[i], b[i]) ? 1 : 0), $"{dtype} {name}({a[i]}, {b[i]}) gave {vv[i]}");
                Assert.True(vs[i] == (expected(a[i], 1) ? 1 : 0), $"{dtype} {name}({a[i]}, scalar 1) gave {vs[i]}");
                Assert.True(sv[i] == (expected(1, a[i]) ? 1 : 0), $"{dtype} {name}(0-d 1, {a[i]}) gave {sv[i]}");
            }
        }
    }

    [Fact]
    public void ItemOnNonScalar_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => zeros(2).item<float>());
        Assert.Contains("[2]", ex.Message);
    }

    [Fact]
    public void DtypePromotion_FloatAndDouble()
    {
        Assert.Equal(ScalarType.Float64, (zeros(2) + zeros(new long[] { 2 }, float64)).dtype);
        Assert.Equal(ScalarType.Float32, (arange(3) / 2).dtype);
        Assert.Equal(new float[] { 0, 0.5f, 1 }, (arange(3) / 2).ToArray<float>());
    }

    [Fact]
    public void RepeatInterleave_RepeatsEachElementInPlace()
    {
        Assert.Equal(new long[] { 0, 0, 1, 1, 2, 2 }, arange(3).repeat_interleave(2).ToArray<long>());
        var m = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        Assert.Equal(new float[] { 1, 2, 1, 2, 3, 4, 3, 4 }, m.repeat_interleave(2, 0).ToArray<float>());
        Assert.Equal(new long[] { 2, 4 }, m.repeat_interleave(2, 1).shape);
    }

    [Fact]
    public void FmodAndRemainder_TakeTheSignOfDividendAndDivisor()
    {
        var a = tensor(new double[] { -3, 3, -3, 3, 5.5 });
        var b = tensor(new double[] { 2, -2, -2, 2, 2 });
        Assert.Equal(new double[] { -1, 1, -1, 1, 1.5 }, a.fmod(b).ToArray<double>());        // C's fmod
        Assert.Equal(new double[] { 1, -1, -1, 1, 1.5 }, a.remainder(b).ToArray<double>());   // Python's %
        Assert.Equal(new long[] { 1, 1 }, remainder(tensor(new long[] { -5, 7 }), 3).ToArray<long>());
        Assert.Equal(new long[] { -2, 1 }, fmod(tensor(new long[] { -5, 7 }), 3).ToArray<long>());
    }

    [Fact]
    public void Remainder_DivisorGradient_IsMinusFloorOfTheQuotient_EvenWhereTheQuotientUnderflows()
    {
        // 1e-310 / -1e300 underflows to -0, whose floor is -0; the quotient's floor is -1 (PyTorch's div(rounding_mode="floor"))
        var a = tensor(new double[] { 1e-310, 7 });
        var b = tensor(new double[] { -1e300, 2 }, requires_grad: true);
        a.remainder(b).sum().backward();
        Assert.Equal(new double[] { 1, -3 }, b.grad!.ToArray<double>());
    }

    [Fact]
    public void Prod_KeepsIntegersAndGivesOneForEmpty()
    {
        Assert.Equal(24L, tensor(new long[] { 1, 2, 3, 4 }).prod().item<long>());
        Assert.Equal(1.0f, zeros(0, 3).prod().item<float>());
        Assert.Equal(new float[] { 1, 1, 1 }, zeros(0, 3).prod(0).ToArray<float>());
        Assert.Equal(ScalarType.Float64, tensor(new long[] { 2, 3 }).prod(0, type: ScalarType.Float64).dtype);
    }
}
