using GenCourse.Serialization;
using GenCourse.Tests.Data;
using static GenCourse.torch;

namespace GenCourse.Tests.Serialization;

public class CheckpointTests
{
    [Fact]
    public void SaveThenLoad_RestoresModelOptimizerStateEpochStepAndMetadata()
    {
        using var temp = new TempFolder();
        var path = temp.File("ckpt.safetensors");
        var model = new Dictionary<string, Tensor> { ["fc.weight"] = randn([3, 2], generator: new Generator(1)), ["fc.bias"] = zeros(3) };
        var optimizer = new Dictionary<string, Tensor> { ["fc.weight.exp_avg"] = ones(3, 2), ["step"] = tensor(new long[] { 12 }, []) };
        new Checkpoint(model, epoch: 4, step: 1234, optimizer: optimizer, metadata: new Dictionary<string, string> { ["lr"] = "0.001" }).Save(path);

        var loaded = Checkpoint.Load(path);
        Assert.Equal(4, loaded.Epoch);
        Assert.Equal(1234, loaded.Step);
        Assert.Equal("0.001", loaded.Metadata["lr"]);
        Assert.Single(loaded.Metadata);
        Assert.Equal(model["fc.weight"].ToArray<float>(), loaded.Model["fc.weight"].ToArray<float>());
        Assert.Equal(new[] { "fc.bias", "fc.weight" }, loaded.Model.Keys.Order());
        Assert.Equal(12, loaded.Optimizer["step"].item<long>());
        Assert.Equal(new[] { "fc.weight.exp_avg", "step" }, loaded.Optimizer.Keys.Order());
    }

    [Fact]
    public void SaveThenLoad_KeepsABoolBufferABoolTensor()
    {
        using var temp = new TempFolder();
        var path = temp.File("ckpt.safetensors");
        var mask = tensor(new[] { true, false, true, false }, [2, 2]);
        new Checkpoint(new Dictionary<string, Tensor> { ["w"] = ones(2), ["mask"] = mask }).Save(path);
        var loaded = Checkpoint.Load(path).Model["mask"];
        Assert.Equal(ScalarType.Bool, loaded.dtype);
        Assert.Equal(mask.shape, loaded.shape);
        Assert.Equal(mask.data<bool>().ToArray(), loaded.data<bool>().ToArray());
    }

    [Fact]
    public void Checkpoint_IsAPlainSafeTensorsFileWithPrefixedNames()
    {
        using var temp = new TempFolder();
        var path = temp.File("ckpt.safetensors");
        new Checkpoint(new Dictionary<string, Tensor> { ["w"] = ones(2) }, epoch: 1, step: 10).Save(path);
        var (tensors, metadata) = SafeTensors.LoadWithMetadata(path);
        Assert.Equal(new[] { "model.w" }, tensors.Keys);
        Assert.Equal("1", metadata["epoch"]);
        Assert.Equal("10", metadata["step"]);
    }

    [Fact]
    public void Load_PlainWeightsFile_ErrorSaysItIsNotACheckpoint()
    {
        using var temp = new TempFolder();
        var path = temp.File("weights.safetensors");
        SafeTensors.Save(new Dictionary<string, Tensor> { ["w"] = ones(2) }, path);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("not a GenCourse checkpoint", e.Message);
    }

    [Fact]
    public void Constructor_ReservedMetadataKey_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new Checkpoint(new Dictionary<string, Tensor>(), metadata: new Dictionary<string, string> { ["epoch"] = "1" }));
        Assert.Contains("'epoch' is reserved", e.Message);
    }
}
