using GenCourse.Data;
using static GenCourse.torch;

namespace GenCourse.Tests.Data;

public class DataLoaderTests
{
    /// <summary>Ten examples: x[i] = (i, 10 i), y[i] = i, so a batch shows which examples it holds.</summary>
    static TensorDataset Numbered(int n = 10) =>
        new(stack([arange(n, float32), arange(n, float32) * 10], 1), arange(n));

    static List<long[]> Epoch(DataLoader loader) => loader.Select(batch => batch[1].ToArray<long>()).ToList();

    [Fact]
    public void BatchSizes_LastBatchIsSmallerUnlessDropLast()
    {
        var keep = new DataLoader(Numbered(), batch_size: 4);
        Assert.Equal(3, keep.Count);
        Assert.Equal(new[] { 4, 4, 2 }, Epoch(keep).Select(b => b.Length));

        var drop = new DataLoader(Numbered(), batch_size: 4, drop_last: true);
        Assert.Equal(2, drop.Count);
        Assert.Equal(new[] { 4, 4 }, Epoch(drop).Select(b => b.Length));
    }

    [Fact]
    public void WithoutShuffle_BatchesFollowDatasetOrderAndKeepTensorsAligned()
    {
        var loader = new DataLoader(Numbered(), batch_size: 3);
        var batches = loader.ToList();
        Assert.Equal(new long[] { 0, 1, 2 }, batches[0][1].ToArray<long>());
        Assert.Equal(new long[] { 9 }, batches[3][1].ToArray<long>());
        foreach (var (x, y) in loader)
        {
            Assert.Equal(new long[] { y.shape[0], 2 }, x.shape);
            Assert.Equal(y.to(float32).ToArray<float>(), x.select(1, 0).ToArray<float>());
            Assert.Equal(y.to(float32).mul(10).ToArray<float>(), x.select(1, 1).ToArray<float>());
        }
    }

    [Fact]
    public void Shuffle_SeesEverySampleOncePerEpochAndReordersBetweenEpochs()
    {
        var loader = new DataLoader(Numbered(100), batch_size: 16, shuffle: true, generator: new Generator(7));
        var first = Epoch(loader).SelectMany(b => b).ToArray();
        var second = Epoch(loader).SelectMany(b => b).ToArray();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), first.Order());
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), second.Order());
        Assert.NotEqual(Enumerable.Range(0, 100).Select(i => (long)i), first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Shuffle_SameSeedGivesTheSameSequenceOfEpochs()
    {
        List<long[]> TwoEpochs(ulong seed)
        {
            var loader = new DataLoader(Numbered(50), batch_size: 8, shuffle: true, generator: new Generator(seed));
            return Epoch(loader).Concat(Epoch(loader)).ToList();
        }
        Assert.Equal(TwoEpochs(3), TwoEpochs(3));
        Assert.NotEqual(TwoEpochs(3), TwoEpochs(4));
    }

    [Fact]
    public void ShuffleWithDropLast_YieldsOnlyFullBatchesOfDistinctSamples()
    {
        var loader = new DataLoader(Numbered(10), batch_size: 4, shuffle: true, drop_last: true, generator: new Generator(1));
        var seen = Epoch(loader).SelectMany(b => b).ToArray();
        Assert.Equal(8, seen.Length);
        Assert.Equal(8, seen.Distinct().Count());
    }

    [Fact]
    public void Batches_AreCopies_SoModifyingThemLeavesTheDatasetIntact()
    {
        var dataset = Numbered();
        var (x, _) = new DataLoader(dataset, batch_size: 5).First();
        x.mul_(0);
        Assert.Equal(90f, dataset.tensors[0].max().item<float>());
    }

    [Fact]
    public void FashionMnist_LoaderOverTrainingSet_Has469BatchesOf128()
    {
        var loader = new DataLoader(FashionMnist.Load(), batch_size: 128, shuffle: true, generator: new Generator(0));
        Assert.Equal(469, loader.Count);
        var (images, labels) = loader.First();
        Assert.Equal(new long[] { 128, 1, 28, 28 }, images.shape);
        Assert.Equal(new long[] { 128 }, labels.shape);
    }

    [Fact]
    public void TensorDataset_MismatchedFirstDimensions_ErrorNamesBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new TensorDataset(zeros(5, 2), zeros(4)));
        Assert.Contains("[4]", e.Message);
        Assert.Contains("[5, 2]", e.Message);
    }

    [Fact]
    public void TensorDataset_Subset_KeepsTheChosenExamples()
    {
        var subset = Numbered().Subset(tensor(new long[] { 7, 2 }));
        Assert.Equal(2, subset.Count);
        Assert.Equal(new long[] { 7, 2 }, subset.tensors[1].ToArray<long>());
        Assert.Equal(new[] { 70f, 20f }, subset.tensors[0].select(1, 1).ToArray<float>());
    }

    [Fact]
    public void Deconstruct_WrongNumberOfVariables_Throws()
    {
        var batch = new DataLoader(new TensorDataset(zeros(4, 2)), batch_size: 2).First();
        Assert.Throws<ArgumentException>(() => { var (a, b) = batch; });
    }
}
