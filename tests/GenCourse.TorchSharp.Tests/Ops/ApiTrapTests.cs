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

    // The difference README's "Where the engines still differ" lists for int64 and bool tensors; when it goes, so does its line there.

    [Fact]
    public void FloatFunctionsOfInt64AndBoolTensors_RunInFloat32OnTorchSharp_ButAreRefusedOnTheEmbeddedEngine()
    {
        Assert.Equal(T.ScalarType.Float32, T.tensor(new long[] { 1, 2 }).exp().dtype);
        Assert.Equal(T.ScalarType.Float32, T.tensor(new[] { true, false }).log().dtype);
        Assert.Contains("torch.int64", Assert.Throws<ArgumentException>(() => E.tensor(new long[] { 1, 2 }).exp()).Message);
        Assert.Contains("torch.bool", Assert.Throws<ArgumentException>(() => E.tensor(new[] { true, false }).log()).Message);
        Assert.Equal(E.float32, E.tensor(new long[] { 1, 2 }).to(E.float32).exp().dtype);   // the portable form
    }

    // Was a difference (int64 * 2.0 stayed int64 here): now both engines follow PyTorch, a double scalar makes an int64
    // tensor's result float32 and a C# int keeps it int64, for every arithmetic operator on either side.
    [Fact]
    public void Int64WithAScalar_HasTheSameDtypeAndValues_OnBothEngines()
    {
        var (t, e) = (T.tensor(new long[] { 1, -2, 7 }), E.tensor(new long[] { 1, -2, 7 }));
        var cases = new (string name, Func<T.Tensor, T.Tensor> theirs, Func<ETensor, ETensor> ours)[]
        {
            ("x * 2.0", x => x * 2.0, x => x * 2.0), ("x * 2", x => x * 2, x => x * 2), ("2.0 * x", x => 2.0 * x, x => 2.0 * x),
            ("x + 1.0", x => x + 1.0, x => x + 1.0), ("x + 1", x => x + 1, x => x + 1), ("1.0 + x", x => 1.0 + x, x => 1.0 + x),
            ("x - 3.0", x => x - 3.0, x => x - 3.0), ("x - 3", x => x - 3, x => x - 3), ("3.0 - x", x => 3.0 - x, x => 3.0 - x),
            ("3 - x", x => 3 - x, x => 3 - x), ("x * 0.5", x => x * 0.5, x => x * 0.5), ("x / 2", x => x / 2, x => x / 2),
            ("x.mul(2.0)", x => x.mul(2.0), x => x.mul(2.0)), ("x.add(1.0)", x => x.add(1.0), x => x.add(1.0)),
        };
        foreach (var (name, theirs, ours) in cases)
        {
            var (a, b) = (theirs(t), ours(e));
            Assert.True(a.dtype.ToString() == b.dtype.ToString(), $"{name}: TorchSharp gives {a.dtype}, the embedded engine {b.dtype}");
            Assert.Equal(a.to(T.ScalarType.Float64).data<double>().ToArray(), b.to(E.float64).data<double>().ToArray());
        }
    }
}
