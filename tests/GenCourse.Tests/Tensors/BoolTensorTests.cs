using static GenCourse.torch;

namespace GenCourse.Tests.Tensors;

/// <summary>
/// The bool dtype of the embedded engine, against PyTorch's documented semantics (the same rules are compared with
/// libtorch, dtype by dtype, in tests/GenCourse.TorchSharp.Tests: OpTable.Bool.cs and BoolDtypeTests).
/// </summary>
public class BoolTensorTests
{
    static Tensor Mask(params bool[] values) => tensor(values);

    static bool[] Bools(Tensor t) => t.data<bool>().ToArray();

    [Fact]
    public void EveryComparison_ReturnsABoolTensorWithoutGradient()
    {
        var x = tensor(new[] { -1f, 0f, 2f }, requires_grad: true);
        var y = tensor(new[] { 0f, 0f, 1f });
        var results = new (string Name, Tensor Result)[]
        {
            ("eq", x.eq(y)), ("ne", x.ne(y)), ("lt", x.lt(y)), ("le", x.le(y)), ("gt", x.gt(y)), ("ge", x.ge(y)),
            ("eq(s)", x.eq(0)), ("ne(s)", x.ne(0)), ("lt(s)", x.lt(0)), ("le(s)", x.le(0)), ("gt(s)", x.gt(0.5)), ("ge(s)", x.ge(0)),
            ("<", x < y), ("<=", x <= y), (">", x > y), (">=", x >= y), ("< s", x < 0), ("<= s", x <= 0), ("> s", x > 0), (">= s", x >= 0),
            ("isnan", isnan(x)), ("isinf", isinf(x)), ("isfinite", isfinite(x)), ("isclose", isclose(x, y)),
            ("any", x.any()), ("all", x.all()), ("logical_not", x.logical_not()), ("logical_and", x.logical_and(y)),
        };
        foreach (var (name, result) in results)
        {
            Assert.True(result.dtype == ScalarType.Bool, $"{name} gave {result.dtype}");
            Assert.False(result.requires_grad, $"{name} requires grad");
            Assert.Null(result.grad_fn);
        }
        Assert.Equal(new[] { false, false, true }, Bools(x > 0));
        Assert.Equal(new[] { true, true, false }, Bools(x <= y));
    }

    [Fact]
    public void Arithmetic_PromotesBoolLikePyTorch()
    {
        var a = Mask(true, true, false, false);
        var b = Mask(true, false, true, false);
        Assert.Equal(ScalarType.Bool, (a + b).dtype);
        Assert.Equal(new[] { true, true, true, false }, Bools(a + b));              // add of bools is or
        Assert.Equal(new[] { true, false, false, false }, Bools(a * b));            // mul is and
        Assert.Equal(new[] { true, true, true, false }, Bools(a.maximum(b)));

        var f = tensor(new[] { 1.5f, 2f, 3f, 4f });
        Assert.Equal(ScalarType.Float32, (a * f).dtype);
        Assert.Equal(new[] { 1.5f, 2f, 0f, 0f }, (a * f).data<float>().ToArray());
        Assert.Equal(ScalarType.Float64, (a + f.to(float64)).dtype);
        Assert.Equal(ScalarType.Int64, (a + tensor(new long[] { 5, 5, 5, 5 })).dtype);
        Assert.Equal(new long[] { 6, 6, 5, 5 }, (a + tensor(new long[] { 5, 5, 5, 5 })).data<long>().ToArray());
        Assert.Equal(ScalarType.Float32, (a / b).dtype);                                  // true division

        // C# int scalars act as TorchSharp's int Scalars (int64), doubles as its double Scalars (the default float dtype)
        Assert.Equal(new long[] { 2, 2, 0, 0 }, (a * 2).data<long>().ToArray());
        Assert.Equal(new long[] { 4, 4, 3, 3 }, (a + 3).data<long>().ToArray());
        Assert.Equal(new float[] { 0.5f, 0.5f, 0, 0 }, (a * 0.5).data<float>().ToArray());
        Assert.Equal(ScalarType.Float32, (a * 1.0).dtype);
        Assert.Equal(ScalarType.Float32, (a / 2).dtype);
        // with float tensors, the int overloads change nothing
        Assert.Equal(ScalarType.Float64, (f.to(float64) * 2).dtype);
        Assert.Equal(ScalarType.Int64, (tensor(new long[] { 1, 2 }) * 2).dtype);
    }

    [Fact]
    public void Subtraction_AndNegation_OfBools_ThrowPyTorchsMessages()
    {
        var a = Mask(true, false);
        Assert.Contains("with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead",
            Assert.Throws<ArgumentException>(() => a - a).Message);
        Assert.Contains("If you are trying to invert a mask, use the `~` or `logical_not()` operator instead",
            Assert.Throws<ArgumentException>(() => 1 - a).Message);
        Assert.Contains("with a bool tensor", Assert.Throws<ArgumentException>(() => a - 0.5).Message);
        Assert.Contains("with a bool tensor", Assert.Throws<ArgumentException>(() => tensor(new[] { 1f, 2f }) - a).Message);
        Assert.Contains("Negation, the `-` operator, on a bool tensor", Assert.Throws<ArgumentException>(() => -a).Message);
        Assert.Equal(new[] { false, true }, Bools(~a));
    }

    [Fact]
    public void SumCumsumAndProd_OfBool_AreInt64_MeanThrowsNamingTheDtype()
    {
        var m = tensor(new[] { true, false, true, true, true, false }, [2, 3]);
        Assert.Equal(ScalarType.Int64, m.sum().dtype);
        Assert.Equal(4L, m.sum().item<long>());
        Assert.Equal(new long[] { 2, 2 }, m.sum(dim: 1).data<long>().ToArray());
        Assert.Equal(new long[] { 1, 1, 2, 1, 2, 2 }, m.cumsum(1).data<long>().ToArray());
        Assert.Equal(ScalarType.Int64, m.prod().dtype);
        Assert.Equal(0L, m.prod().item<long>());
        var ex = Assert.Throws<ArgumentException>(() => m.mean());
        Assert.Contains("mean", ex.Message);
        Assert.Contains("torch.bool", ex.Message);
        Assert.Equal(4.0 / 6, m.to(float64).mean().item<double>(), 15);
    }

    [Fact]
    public void AnyAll_MaxAndMin_OfBool()
    {
        var m = tensor(new[] { true, false, false, false }, [2, 2]);
        Assert.True(m.any().item<bool>());
        Assert.False(m.all().item<bool>());
        Assert.Equal(new[] { true, false }, Bools(m.any(1)));
        Assert.Equal(new[] { false, false }, Bools(m.all(0)));
        Assert.False(zeros([0], dtype: @bool).any().item<bool>());             // empty: any is false, all is true
        Assert.True(zeros([0], dtype: @bool).all().item<bool>());
        Assert.Equal(ScalarType.Bool, m.max().dtype);
        Assert.True(m.max().item<bool>());
        Assert.False(m.min().item<bool>());
        Assert.True(tensor(new[] { 0.0, double.NaN }).any().item<bool>());     // NaN is non-zero
    }

    [Fact]
    public void Conversions_GoBothWays_NonZeroIsTrue()
    {
        var x = tensor(new[] { 0.0, -0.0, 0.25, -3, double.NaN, double.PositiveInfinity });
        Assert.Equal(new[] { false, false, true, true, true, true }, Bools(x.to(@bool)));
        Assert.Equal(new[] { false, false, true, true, true, true }, Bools(x.@bool()));
        Assert.Equal(new[] { false, true, true }, Bools(tensor(new long[] { 0, 1, -7 }).to_type(ScalarType.Bool)));
        var m = Mask(true, false, true);
        Assert.Equal(new[] { 1f, 0f, 1f }, m.@float().data<float>().ToArray());
        Assert.Equal(new[] { 1.0, 0.0, 1.0 }, m.to(float64).data<double>().ToArray());
        Assert.Equal(new long[] { 1, 0, 1 }, m.@long().data<long>().ToArray());
        Assert.False(tensor(new[] { 1f }, requires_grad: true).to(@bool).requires_grad);   // no gradient through a bool
        Assert.Throws<InvalidOperationException>(() => m.requires_grad_());
    }

    [Fact]
    public void ItemData_FactoriesAndScalars()
    {
        Assert.True(tensor(true).item<bool>());
        Assert.Equal(0, tensor(true).dim());
        Assert.Equal(ScalarType.Bool, tensor(new[] { true }).dtype);
        Assert.Equal(new[] { false, false }, Bools(zeros([2], dtype: @bool)));
        Assert.Equal(new[] { true, true }, Bools(ones([2], dtype: @bool)));
        Assert.Equal(new[] { true, true }, Bools(full([2], 0.5, dtype: @bool)));
        Assert.Equal(new[] { false, false }, Bools(full([2], 0, dtype: @bool)));
        Assert.Equal(ScalarType.Bool, zeros_like(Mask(true)).dtype);
        Assert.True(Mask(false, true)[1].ToBoolean());
        Assert.Equal(1.0, Mask(false, true)[1].ToDouble());
        Assert.Contains("read it as bool", Assert.Throws<ArgumentException>(() => tensor(true).item<float>()).Message);

        var m = Mask(false, false, false);
        var data = m.data<bool>();
        data[1] = true;
        data.CopyFrom([true], 0, 2);
        Assert.Equal(new[] { false, true, true }, Bools(m));
    }

    [Fact]
    public void Formatter_PrintsTrueAndFalse_LikePyTorch()
    {
        Assert.Equal("tensor([ True, False,  True])", Mask(true, false, true).ToString());
        Assert.Equal("tensor([[False,  True],\n        [ True,  True]])", tensor(new[] { false, true, true, true }, [2, 2]).ToString());
        Assert.Equal("tensor(True)", tensor(true).ToString());
        Assert.Equal("tensor([True, True])", ones([2], dtype: @bool).ToString());
        Assert.Equal("tensor([], size=(0, 2), dtype=torch.bool)", zeros([0, 2], dtype: @bool).ToString());
    }

    [Fact]
    public void ViewsJoinsAndIndexing_KeepTheBoolDtype()
    {
        var m = tensor(new[] { true, false, false, true, true, false }, [2, 3]);
        Assert.Equal(new[] { true, true, false, true, false, false }, Bools(m.t().contiguous()));
        Assert.Equal(new[] { true, true, false, true, false, false }, Bools(m.t().clone()));
        Assert.Equal(new long[] { 3, 2 }, m.view(3, 2).shape);
        Assert.Equal(new[] { false, true, true }, Bools(m.reshape(-1).narrow(0, 2, 3)));
        Assert.True(m[1, 0].item<bool>());
        Assert.Equal(new[] { true, false, false, true, false, false }, Bools(m[0].unsqueeze(0).expand(2, 3)));
        Assert.Equal(ScalarType.Bool, cat([m, m], 0).dtype);
        Assert.Equal(new long[] { 2, 2, 3 }, stack([m, m]).shape);
        Assert.Equal(ScalarType.Float32, cat([m, zeros(2, 3)], 1).dtype);              // cat promotes like arithmetic
        Assert.Equal(new[] { false, false, true }, Bools(m[0].flip(0)));
        Assert.Equal(new[] { true, true, false }, Bools(m.index_select(0, tensor(new long[] { 1 })).reshape(-1)));
        Assert.Equal(new[] { false, true }, Bools(m.gather(1, tensor(new long[] { 2, 1 }, [2, 1])).reshape(-1)));
        Assert.Contains("torch.bool", Assert.Throws<ArgumentException>(() => m.scatter_add(0, zeros([1, 3], dtype: int64), m)).Message);
    }

    [Fact]
    public void Masks_MustBeBool_AndSelectWithGradients()
    {
        var x = tensor(new[] { -1.0, 2.0, -3.0, 4.0 }, requires_grad: true);
        var floatMask = (x > 0).to(float64);
        Assert.Contains("masked_fill: expects mask to be a torch.bool tensor, got torch.float64", Assert.Throws<ArgumentException>(() => x.masked_fill(floatMask, 0)).Message);
        Assert.Contains("where: expects condition to be a torch.bool tensor, got torch.float64", Assert.Throws<ArgumentException>(() => where(floatMask, x, x)).Message);
        Assert.Contains("masked_select: expects mask to be a torch.bool tensor, got torch.int64", Assert.Throws<ArgumentException>(() => x.masked_select(tensor(new long[] { 1, 0, 1, 0 }))).Message);

        Assert.Equal(new[] { 0.0, 2.0, 0.0, 4.0 }, x.masked_fill(x < 0, 0).data<double>().ToArray());
        var selected = x.masked_select(x > 0);
        Assert.Equal(new[] { 2.0, 4.0 }, selected.data<double>().ToArray());
        (selected * tensor(new[] { 10.0, 100.0 })).sum().backward();
        Assert.Equal(new[] { 0.0, 10.0, 0.0, 100.0 }, x.grad!.data<double>().ToArray());

        var rows = tensor(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, [2, 3]);
        Assert.Equal(new[] { 1f, 3f, 4f, 6f }, rows.masked_select(Mask(true, false, true)).data<float>().ToArray());   // the mask broadcasts
        using (no_grad())
        {
            var y = rows.clone();
            y.masked_fill_(rows > 3, -1);
            Assert.Equal(new[] { 1f, 2f, 3f, -1f, -1f, -1f }, y.data<float>().ToArray());
        }
    }

    [Fact]
    public void LogicalOps_TakeAnyDtype_BitwiseOnesOnlyBools()
    {
        var x = tensor(new[] { 0f, 2f, 0f, float.NaN });
        var y = tensor(new long[] { 0, 0, 3, 1 });
        Assert.Equal(new[] { false, false, false, true }, Bools(x.logical_and(y)));
        Assert.Equal(new[] { false, true, true, true }, Bools(logical_or(x, y)));
        Assert.Equal(new[] { false, true, true, false }, Bools(logical_xor(x, y)));
        Assert.Equal(new[] { true, false, true, false }, Bools(logical_not(x)));
        var a = Mask(true, true, false);
        var b = Mask(true, false, false);
        Assert.Equal(new[] { true, false, false }, Bools(a & b));
        Assert.Equal(new[] { true, true, false }, Bools(a | b));
        Assert.Equal(new[] { false, true, false }, Bools(a ^ b));
        Assert.Contains("bool tensors only, got torch.float32", Assert.Throws<ArgumentException>(() => x & a).Message);
        Assert.Contains("bool tensors only, got torch.int64", Assert.Throws<ArgumentException>(() => ~y).Message);
    }

    [Fact]
    public void ValueTests_FollowPyTorch()
    {
        var x = tensor(new[] { 1.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0 });
        Assert.Equal(new[] { false, true, false, false, false }, Bools(isnan(x)));
        Assert.Equal(new[] { false, false, true, true, false }, Bools(isinf(x)));
        Assert.Equal(new[] { true, false, false, false, true }, Bools(isfinite(x)));
        Assert.Equal(new[] { true, true }, Bools(isfinite(Mask(true, false))));
        Assert.Equal(new[] { false, false }, Bools(isinf(tensor(new long[] { 1, 2 }))));
        var other = tensor(new[] { 1 + 1e-9, double.NaN, double.PositiveInfinity, 5, 1e-9 });
        Assert.Equal(new[] { true, false, true, false, true }, Bools(isclose(x, other)));   // inf is close to inf only
        Assert.Equal(new[] { true, true, true, false, true }, Bools(isclose(x, other, nanEqual: true)));
    }
}
