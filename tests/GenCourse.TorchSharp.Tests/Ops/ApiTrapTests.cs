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
}
