using GenCourse.Data;
using static GenCourse.torch;

namespace GenCourse.Tests.Data;

public class DatasetTests
{
    [Fact]
    public void FashionMnist_Train_Has60000ScaledImagesAndBalancedInt64Labels()
    {
        var train = FashionMnist.Load(train: true);
        Assert.Equal(60000, train.Count);
        Assert.Equal(new long[] { 60000, 1, 28, 28 }, train.Images.shape);
        Assert.Equal(ScalarType.Float32, train.Images.dtype);
        Assert.Equal(new long[] { 60000 }, train.Labels.shape);
        Assert.Equal(ScalarType.Int64, train.Labels.dtype);
        Assert.Equal(0f, train.Images.min().item<float>());
        Assert.Equal(1f, train.Images.max().item<float>());
        Assert.Equal(Enumerable.Repeat(6000, 10), train.ClassCounts());
        Assert.Equal(new long[] { 9, 0, 0, 3, 0 }, train.Labels.narrow(0, 0, 5).ToArray<long>());
        Assert.Equal(76247 / 255.0, train.Images[0].sum().item<float>(), 2);
    }

    [Fact]
    public void FashionMnist_Test_Has10000ImagesAndKnowsItsClassNamesAndShape()
    {
        var test = FashionMnist.Load(train: false);
        Assert.Equal(10000, test.Count);
        Assert.Equal(new long[] { 1, 28, 28 }, test.ImageShape);
        Assert.Equal(FashionMnist.ImageShape, test.ImageShape);
        Assert.Equal(255, test.MaxValue);
        Assert.Equal("T-shirt/top", test.Classes[0]);
        Assert.Equal("Ankle boot", test.Classes[9]);
        Assert.Equal(new[] { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" }, FashionMnist.Classes);
        Assert.Equal("Ankle boot", test.Classes[(int)test.Labels[0].item<long>()]);
        Assert.Contains("10000 images", test.ToString());
    }

    [Fact]
    public void FashionMnist_LoadedTwice_ReturnsTheCachedDataset()
    {
        Assert.Same(FashionMnist.Load(train: false), FashionMnist.Load(train: false));
    }

    [Fact]
    public void FashionMnist_RawImages_HoldTheStoredBytes()
    {
        var test = FashionMnist.Load(train: false);
        var raw = test.RawImages();
        Assert.Equal(test.Images.shape, raw.shape);
        Assert.Equal(255f, raw.max().item<float>());
        Assert.Equal(test.Pixels.Span[300], (byte)raw.reshape(-1)[300].item<float>());
        Assert.True(allclose(raw / 255, test.Images));
    }

    [Fact]
    public void FashionMnist_MissingDataFolder_ErrorSaysWhereItLookedAndHowToGetTheFiles()
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(root: temp.Path));
        Assert.Contains(Path.Combine(temp.Path, "fashion-mnist", "train-images-idx3-ubyte.gz"), e.Message);
        Assert.Contains("dataset-fashion-mnist", e.Message);
        Assert.Contains(DataFolder.EnvironmentVariable, e.Message);
    }

    [Fact]
    public void FashionMnist_ImagesAndLabelsOfDifferentCounts_ErrorNamesBothFiles()
    {
        using var temp = new TempFolder();
        var folder = Directory.CreateDirectory(Path.Combine(temp.Path, "fashion-mnist")).FullName;
        var real = Path.GetDirectoryName(DataFolder.Locate("fashion-mnist/t10k-images-idx3-ubyte.gz"))!;
        File.Copy(Path.Combine(real, "t10k-images-idx3-ubyte.gz"), Path.Combine(folder, "train-images-idx3-ubyte.gz"));
        File.Copy(Path.Combine(real, "train-labels-idx1-ubyte.gz"), Path.Combine(folder, "train-labels-idx1-ubyte.gz"));
        var e = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(root: temp.Path));
        Assert.Contains("holds 10000 images but", e.Message);
        Assert.Contains(Path.Combine(folder, "train-labels-idx1-ubyte.gz"), e.Message);
        Assert.Contains("holds 60000 labels", e.Message);
    }

    [Fact]
    public void DataFolder_FoundByWalkingUpFromTheCurrentDirectory()
    {
        var path = DataFolder.Locate("digits/digits.csv.gz");
        Assert.True(File.Exists(path));
        Assert.EndsWith(Path.Combine("data", "digits", "digits.csv.gz"), path);
    }

    [Fact]
    public void Digits_Has1797ImagesWithValues0To16AndTheKnownLabelHistogram()
    {
        var digits = Digits.Load();
        Assert.Equal(1797, digits.Count);
        Assert.Equal(new long[] { 1797, 1, 8, 8 }, digits.Images.shape);
        Assert.Equal(16, digits.MaxValue);
        Assert.Equal(new[] { 178, 182, 177, 183, 181, 182, 181, 179, 174, 180 }, digits.ClassCounts());
        var raw = digits.RawImages();
        Assert.Equal(0f, raw.min().item<float>());
        Assert.Equal(16f, raw.max().item<float>());
        Assert.Equal(294f, raw[0].sum().item<float>());                   // first row of the CSV, checked with numpy
        Assert.Equal(new long[] { 0, 1, 2 }, digits.Labels.narrow(0, 0, 3).ToArray<long>());
        Assert.Equal(1f, digits.Images.max().item<float>());
        Assert.Equal(new[] { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" }, digits.Classes);
    }

    [Fact]
    public void Digits_CorruptRow_ErrorNamesFileAndLine()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(Path.Combine(temp.Path, "digits"));
        var path = Path.Combine(temp.Path, "digits", "digits.csv.gz");
        using (var gzip = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Optimal))
        using (var writer = new StreamWriter(gzip))
        {
            writer.WriteLine(string.Join(",", Enumerable.Repeat("0", 64)) + ",3");
            writer.WriteLine(string.Join(",", Enumerable.Repeat("17", 64)) + ",3");
        }
        var e = Assert.Throws<InvalidDataException>(() => Digits.Load(root: temp.Path));
        Assert.Contains(path, e.Message);
        Assert.Contains("line 2: field 1 is '17', expected an integer in 0..16", e.Message);
    }

    [Fact]
    public void ImageDataset_IsATensorDatasetOfImagesAndLabels()
    {
        var digits = Digits.Load();
        var example = digits[5];
        Assert.Equal(2, example.Length);
        Assert.Equal(new long[] { 1, 8, 8 }, example[0].shape);
        Assert.Equal(digits.Labels[5].item<long>(), example[1].item<long>());
    }
}
