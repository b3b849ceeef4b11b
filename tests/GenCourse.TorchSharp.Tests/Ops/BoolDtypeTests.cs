extern alias Embedded;
extern alias OnTorch;

using E = Embedded::GenCourse.torch;
using EType = Embedded::GenCourse.ScalarType;
using ESer = Embedded::GenCourse.Serialization;
using TSer = OnTorch::GenCourse.Serialization;
using T = TorchSharp.torch;

namespace CrossEngine.Tests.Ops;

/// <summary>
/// Bool tensors where the engines must refuse alike: code that runs on one engine and throws on the other is what the
/// bool dtype is for. The promotion table itself is in <see cref="OpTable"/> (its rows compare every output dtype).
/// </summary>
public sealed class BoolDtypeTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("gencourse-bool-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static readonly bool[] Flags = [true, false, true, true];

    static (Embedded::GenCourse.Tensor e, T.Tensor t) Mask() => (E.tensor(Flags), T.tensor(Flags));

    static (Embedded::GenCourse.Tensor e, T.Tensor t) Floats() => (E.tensor(new[] { 1f, -2f, 3f, 0.5f }), T.tensor(new[] { 1f, -2f, 3f, 0.5f }));

    /// <summary>Both engines throw; the embedded engine's message contains <paramref name="expected"/>.</summary>
    static void BothThrow(Func<object> embedded, Func<object> torch, string expected)
    {
        var ex = Assert.ThrowsAny<Exception>(embedded);
        Assert.Contains(expected, ex.Message);
        Assert.ThrowsAny<Exception>(torch);
    }

    [Fact]
    public void Subtraction_WithABoolTensor_ThrowsOnBothEngines_WithPyTorchsMessage()
    {
        var (em, tm) = Mask();
        var (ef, tf) = Floats();
        BothThrow(() => em - em, () => tm - tm, "with two bool tensors is not supported");
        BothThrow(() => ef - em, () => tf - tm, "with a bool tensor is not supported");
        BothThrow(() => em - ef, () => tm - tf, "with a bool tensor is not supported");
        BothThrow(() => 1 - em, () => 1 - tm, "invert a mask, use the `~`");
        BothThrow(() => em - 1.0, () => tm - 1.0, "with a bool tensor is not supported");
        BothThrow(() => -em, () => -tm, "Negation, the `-` operator, on a bool tensor is not supported");
        Assert.Equal(new[] { false, true, false, false }, (~em).data<bool>().ToArray());   // the portable inversion
        Assert.Equal(new[] { false, true, false, false }, (~tm).data<bool>().ToArray());
    }

    [Fact]
    public void MeanOfBool_ThrowsOnBothEngines_NamingTheDtype()
    {
        var (em, tm) = Mask();
        BothThrow(() => em.mean(), () => tm.mean(), "torch.bool");
        Assert.Equal(0.75f, em.to(E.float32).mean().item<float>());   // the portable form
        Assert.Equal(0.75f, tm.to(T.float32).mean().item<float>());
    }

    [Fact]
    public void SumOfBool_CountsInInt64_OnBothEngines()
    {
        var (em, tm) = Mask();
        Assert.Equal(EType.Int64, em.sum().dtype);
        Assert.Equal(T.ScalarType.Int64, tm.sum().dtype);
        Assert.Equal(3L, em.sum().item<long>());
        Assert.Equal(3L, tm.sum().item<long>());
    }

    [Fact]
    public void FloatMask_IsRejectedOnBothEngines_NamingTheOpAndDtype()
    {
        var (ef, tf) = Floats();
        var (efMask, tfMask) = (ef.gt(0).to(E.float32), tf.gt(0).to(T.float32));   // the old 0/1 float masks
        BothThrow(() => E.where(efMask, ef, ef * 2), () => T.where(tfMask, tf, tf * 2), "where: expects condition to be a torch.bool tensor, got torch.float32");
        BothThrow(() => ef.masked_fill(efMask, 0), () => tf.masked_fill(tfMask, 0), "masked_fill: expects mask to be a torch.bool tensor, got torch.float32");
        BothThrow(() => ef.masked_select(efMask), () => tf.masked_select(tfMask), "masked_select: expects mask to be a torch.bool tensor, got torch.float32");
        var (em, tm) = Mask();
        Assert.Equal(T.where(tm, tf, tf * 2).data<float>().ToArray(), E.where(em, ef, ef * 2).data<float>().ToArray());
    }

    [Fact]
    public void ItemAndData_ReadBools_OnBothEngines()
    {
        var (em, tm) = Mask();
        Assert.True(em[0].item<bool>());
        Assert.True(tm[0].item<bool>());
        Assert.Equal(tm.data<bool>().ToArray(), em.data<bool>().ToArray());
        Assert.Equal(tm.any().item<bool>(), em.any().item<bool>());
        Assert.Equal(tm.all().item<bool>(), em.all().item<bool>());
        Assert.Throws<ArgumentException>(() => em[0].item<float>());                   // a bool is read as bool, as TorchSharp requires
        Assert.ThrowsAny<Exception>(() => tm[0].item<float>());
    }

    [Fact]
    public void Safetensors_WithABoolTensor_CrossesBetweenTheEngines()
    {
        var mask = E.tensor(new[] { true, false, false, true, true, false }, [2, 3]);
        var weights = E.tensor(new[] { 1.5f, -2f });
        var fromEmbedded = Path.Combine(folder, "embedded.safetensors");
        ESer.SafeTensors.Save(new Dictionary<string, Embedded::GenCourse.Tensor> { ["mask"] = mask, ["w"] = weights }, fromEmbedded);
        var onTorch = TSer.SafeTensors.Load(fromEmbedded);
        Assert.Equal(T.ScalarType.Bool, onTorch["mask"].dtype);
        Assert.Equal(mask.shape, onTorch["mask"].shape);
        Assert.Equal(mask.data<bool>().ToArray(), onTorch["mask"].data<bool>().ToArray());

        var fromTorch = Path.Combine(folder, "torch.safetensors");
        TSer.SafeTensors.Save(onTorch, fromTorch);
        Assert.Equal(File.ReadAllBytes(fromEmbedded), File.ReadAllBytes(fromTorch));   // the same bytes from either engine
        var back = ESer.SafeTensors.Load(fromTorch);
        Assert.Equal(EType.Bool, back["mask"].dtype);
        Assert.Equal(mask.data<bool>().ToArray(), back["mask"].data<bool>().ToArray());
    }
}
