extern alias Embedded;

using E = Embedded::GenCourse.torch;
using ETensor = Embedded::GenCourse.Tensor;
using T = TorchSharp.torch;

namespace CrossEngine.Tests.Ops;

/// <summary>
/// Calls that compile on both engines but mean different things, so model code must avoid them (the op table cannot,
/// since it passes dims in variables). A literal 0 converts to any enum, and TorchSharp has sum(ScalarType? type) and
/// prod(ScalarType? type) beside sum(long dim) and prod(long dim): <c>x.sum(0)</c> binds to the first there.
/// </summary>
public class ApiTrapTests
{
    [Fact]
    public void SumOfLiteralZero_IsDim0OnTheEmbeddedEngine_ButAUint8SumOfEverythingOnTorchSharp()
    {
        var t = T.full(2, 3, 100f);
        Assert.Equal(T.ScalarType.Byte, t.sum(0).dtype);              // 600 wraps around in uint8
        Assert.Equal(0, t.sum(0).dim());
        Assert.Equal(T.ScalarType.Byte, t.prod(0).dtype);
        Assert.Equal([3L], t.sum(dim: 0).shape);                      // the portable spelling
        Assert.Equal([3L], E.full([2, 3], 100f).sum(0).shape);
        Assert.Equal([3L], E.full([2, 3], 100f).sum(dim: 0).shape);
        Assert.Equal([3L], E.full([2, 3], 100f).prod(dim: 0).shape);
    }

    // Were differences (the embedded engine refused float functions of int64 and bool tensors, and int64 * 2.0 stayed
    // int64): both engines now follow PyTorch's promotion, checked here function by function.

    // Same dtype on both engines, and values equal within `relative` (0: exactly).
    static void SameDtypeAndValues<TIn>(TIn[] values, (string name, Func<T.Tensor, T.Tensor> theirs, Func<ETensor, ETensor> ours)[] cases,
        double relative = 1e-6)
    {
        var (t, e) = typeof(TIn) == typeof(bool)
            ? (T.tensor((bool[])(object)values), E.tensor((bool[])(object)values))
            : (T.tensor((long[])(object)values), E.tensor((long[])(object)values));
        foreach (var (name, theirs, ours) in cases)
        {
            var (a, b) = (theirs(t), ours(e));
            Assert.True(a.dtype.ToString() == b.dtype.ToString(), $"{name} of {typeof(TIn).Name}: TorchSharp gives {a.dtype}, the embedded engine {b.dtype}");
            var (x, y) = (a.to(T.ScalarType.Float64).data<double>().ToArray(), b.to(E.float64).data<double>().ToArray());
            Assert.Equal(x.Length, y.Length);
            for (int i = 0; i < x.Length; i++)
                Assert.True(x[i].Equals(y[i]) || Math.Abs(x[i] - y[i]) <= relative * Math.Abs(x[i]), $"{name} of {typeof(TIn).Name}[{i}]: TorchSharp {x[i]:R}, embedded {y[i]:R}");
        }
    }

    static readonly (string, Func<T.Tensor, T.Tensor>, Func<ETensor, ETensor>)[] FloatFunctions =
    [
        ("exp", x => x.exp(), x => x.exp()), ("log", x => x.log(), x => x.log()), ("log1p", x => x.log1p(), x => x.log1p()),
        ("expm1", x => x.expm1(), x => x.expm1()), ("sqrt", x => x.sqrt(), x => x.sqrt()), ("rsqrt", x => x.rsqrt(), x => x.rsqrt()),
        ("sigmoid", x => x.sigmoid(), x => x.sigmoid()), ("tanh", x => x.tanh(), x => x.tanh()), ("sin", x => x.sin(), x => x.sin()),
        ("cos", x => x.cos(), x => x.cos()), ("reciprocal", x => x.reciprocal(), x => x.reciprocal()), ("erf", x => x.erf(), x => x.erf()),
    ];

    [Fact]
    public void FloatFunctionsOfInt64AndBoolTensors_AreFloat32OnBothEngines()
    {
        SameDtypeAndValues(new long[] { 0, 1, 2, 7 }, FloatFunctions);
        SameDtypeAndValues(new[] { true, false }, FloatFunctions);
    }

    [Fact]
    public void IntegerFunctionsOfInt64Tensors_StayInt64OnBothEngines()
    {
        SameDtypeAndValues(new long[] { -3, 0, 2, 7 }, [
            ("abs", x => x.abs(), x => x.abs()), ("neg", x => x.neg(), x => x.neg()), ("sign", x => x.sign(), x => x.sign()),
            ("square", x => x.square(), x => x.square()), ("relu", x => x.relu(), x => x.relu()), ("floor", x => x.floor(), x => x.floor()),
            ("ceil", x => x.ceil(), x => x.ceil()),
        ]);
        // libtorch 2.10 has no round for int64 ("round_vml_cpu" not implemented for 'Long'); the embedded engine refuses it too.
        Assert.Throws<System.Runtime.InteropServices.ExternalException>(() => T.tensor(new long[] { 1 }).round());
        Assert.Contains("int64", Assert.Throws<ArgumentException>(() => E.tensor(new long[] { 1 }).round()).Message);
    }

    // A double scalar makes an int64 tensor's result float32 and a C# int keeps it int64, for every arithmetic operator on either side.
    [Fact]
    public void Int64WithAScalar_HasTheSameDtypeAndValues_OnBothEngines()
    {
        SameDtypeAndValues(new long[] { 1, -2, 7 }, new (string name, Func<T.Tensor, T.Tensor> theirs, Func<ETensor, ETensor> ours)[]
        {
            ("x * 2.0", x => x * 2.0, x => x * 2.0), ("x * 2", x => x * 2, x => x * 2), ("2.0 * x", x => 2.0 * x, x => 2.0 * x),
            ("x + 1.0", x => x + 1.0, x => x + 1.0), ("x + 1", x => x + 1, x => x + 1), ("1.0 + x", x => 1.0 + x, x => 1.0 + x),
            ("x - 3.0", x => x - 3.0, x => x - 3.0), ("x - 3", x => x - 3, x => x - 3), ("3.0 - x", x => 3.0 - x, x => 3.0 - x),
            ("3 - x", x => 3 - x, x => 3 - x), ("x * 0.5", x => x * 0.5, x => x * 0.5), ("x / 2", x => x / 2, x => x / 2),
            ("x.mul(2.0)", x => x.mul(2.0), x => x.mul(2.0)), ("x.add(1.0)", x => x.add(1.0), x => x.add(1.0)),
        }, relative: 0);
    }
}
