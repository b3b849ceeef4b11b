using System.Buffers.Binary;
using System.IO.Compression;
using GenCourse.Data;

namespace GenCourse.Tests.Data;

public class IdxTests
{
    static string Real(string file) => DataFolder.Locate(Path.Combine("fashion-mnist", file));

    static byte[] Gunzip(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    [Fact]
    public void ReadImages_RealTrainFile_Has60000ImagesOf28x28WithFullByteRange()
    {
        var (pixels, count, rows, columns) = Idx.ReadImages(Real("train-images-idx3-ubyte.gz"));
        Assert.Equal((60000, 28, 28), (count, rows, columns));
        Assert.Equal(60000 * 28 * 28, pixels.Length);
        Assert.Equal(0, pixels.Min());
        Assert.Equal(255, pixels.Max());
        Assert.Equal(76247, pixels.Take(784).Sum(p => p));          // first image, checked with numpy
    }

    [Fact]
    public void ReadLabels_RealFiles_HaveKnownCountsAndFirstLabels()
    {
        var train = Idx.ReadLabels(Real("train-labels-idx1-ubyte.gz"));
        var test = Idx.ReadLabels(Real("t10k-labels-idx1-ubyte.gz"));
        Assert.Equal(60000, train.Length);
        Assert.Equal(10000, test.Length);
        Assert.Equal(new byte[] { 9, 0, 0, 3, 0, 2, 7, 2, 5, 5 }, train[..10]);
        Assert.Equal(new byte[] { 9, 2, 1, 1, 6, 1, 4, 6, 5, 7 }, test[..10]);
    }

    [Fact]
    public void ReadLabels_UncompressedCopy_GivesTheSameLabels()
    {
        using var temp = new TempFolder();
        var plain = temp.File("labels-idx1-ubyte");
        File.WriteAllBytes(plain, Gunzip(Real("t10k-labels-idx1-ubyte.gz")));
        Assert.Equal(Idx.ReadLabels(Real("t10k-labels-idx1-ubyte.gz")), Idx.ReadLabels(plain));
    }

    [Fact]
    public void ReadImages_BadMagicNumber_ErrorNamesFileAndBothNumbers()
    {
        using var temp = new TempFolder();
        var path = temp.File("bad-magic");
        var bytes = Gunzip(Real("t10k-images-idx3-ubyte.gz"));
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x00000804);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("bad magic number 0x00000804, expected 0x00000803", e.Message);
    }

    [Fact]
    public void ReadImages_OnALabelFile_ReportsBadMagic()
    {
        var path = Real("t10k-labels-idx1-ubyte.gz");
        var e = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        Assert.Contains($"'{path}'", e.Message);
        Assert.Contains("bad magic number 0x00000801", e.Message);
    }

    [Fact]
    public void ReadImages_TruncatedData_ErrorSaysExpectedAndGotBytes()
    {
        using var temp = new TempFolder();
        var path = temp.File("truncated");
        var bytes = Gunzip(Real("t10k-images-idx3-ubyte.gz"));
        File.WriteAllBytes(path, bytes[..(16 + 1000)]);
        var e = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated: expected 7840000 data bytes for sizes [10000, 28, 28], got 1000", e.Message);
    }

    [Fact]
    public void ReadLabels_TruncatedGzipFile_ErrorNamesFile()
    {
        using var temp = new TempFolder();
        var path = temp.File("truncated.gz");
        var bytes = File.ReadAllBytes(Real("t10k-labels-idx1-ubyte.gz"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => Idx.ReadLabels(path));
        Assert.Contains(path, e.Message);
        Assert.Matches("truncated|gzip stream is corrupt", e.Message);
    }

    [Fact]
    public void ReadLabels_TrailingBytes_AreReported()
    {
        using var temp = new TempFolder();
        var path = temp.File("long");
        File.WriteAllBytes(path, [0, 0, 8, 1, 0, 0, 0, 2, 3, 4, 5]);
        var e = Assert.Throws<InvalidDataException>(() => Idx.ReadLabels(path));
        Assert.Contains("has bytes after the 2 data bytes", e.Message);
    }

    [Fact]
    public void ReadLabels_TinyHandWrittenFile_IsRead()
    {
        using var temp = new TempFolder();
        var path = temp.File("tiny");
        File.WriteAllBytes(path, [0, 0, 8, 1, 0, 0, 0, 3, 7, 0, 9]);
        Assert.Equal(new byte[] { 7, 0, 9 }, Idx.ReadLabels(path));
    }

    [Fact]
    public void ReadLabels_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Idx.ReadLabels("/nonexistent/labels.gz"));
        Assert.Contains("/nonexistent/labels.gz", e.Message);
    }
}
