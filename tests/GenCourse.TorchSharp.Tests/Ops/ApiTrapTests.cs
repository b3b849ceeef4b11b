extern alias Embedded;

using E = Embedded::GenCourse.torch;
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

    // The two differences README's "Where the engines still differ" lists for int64 and bool tensors; when one goes, so does its line there.

    [Fact]
    public void FloatFunctionsOfInt64AndBoolTensors_RunInFloat32OnTorchSharp_ButAreRefusedOnTheEmbeddedEngine()
    {
        Assert.Equal(T.ScalarType.Float32, T.tensor(new long[] { 1, 2 }).exp().dtype);
        Assert.Equal(T.ScalarType.Float32, T.tensor(new[] { true, false }).log().dtype);
        Assert.Contains("torch.int64", Assert.Throws<ArgumentException>(() => E.tensor(new long[] { 1, 2 }).exp()).Message);
        Assert.Contains("torch.bool", Assert.Throws<ArgumentException>(() => E.tensor(new[] { true, false }).log()).Message);
        Assert.Equal(E.float32, E.tensor(new long[] { 1, 2 }).to(E.float32).exp().dtype);   // the portable form
    }

    [Fact]
    public void Int64TimesAWholeDouble_IsInt64OnTheEmbeddedEngine_ButFloat32OnTorchSharp()
    {
        Assert.Equal(T.ScalarType.Float32, (T.tensor(new long[] { 1, 2 }) * 2.0).dtype);
        Assert.Equal(E.int64, (E.tensor(new long[] { 1, 2 }) * 2.0).dtype);
        Assert.Equal(T.ScalarType.Int64, (T.tensor(new long[] { 1, 2 }) * 2).dtype);   // a C# int: int64 on both
        Assert.Equal(E.int64, (E.tensor(new long[] { 1, 2 }) * 2).dtype);
    }
}
