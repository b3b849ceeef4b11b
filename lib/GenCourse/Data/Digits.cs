using System.Globalization;
using System.IO.Compression;

namespace GenCourse.Data;

/// <summary>
/// The 8x8 handwritten digits that scikit-learn ships (<c>load_digits</c>): 1,797 images with pixel values 0..16
/// (counts of ink pixels in 4x4 blocks of a 32x32 bitmap) and labels 0..9, from the UCI "Optical Recognition of
/// Handwritten Digits" test set (Alpaydin &amp; Kaynak, 1998). Read from <c>data/digits/digits.csv.gz</c>
/// (one row per image: 64 pixel values then the label); loaded once per process.
/// </summary>
public static class Digits
{
    /// <summary>The label names "0" .. "9".</summary>
    public static IReadOnlyList<string> Classes { get; } = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>The shape of one image, [1, 8, 8].</summary>
    public static long[] ImageShape => [1, 8, 8];

    /// <summary>The largest pixel value, 16.</summary>
    public const int MaxValue = 16;

    const string RelativePath = "digits/digits.csv.gz";

    const string HowToGet =
        "The digits ship with the kit in data/digits/ (in the git repository). To restore the file: apt-get install python3-sklearn and copy " +
        "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz into data/digits/.";

    /// <summary>All 1,797 images. <paramref name="root"/> is the data folder; by default it is found as described in <see cref="DataFolder"/>.</summary>
    public static ImageDataset Load(string? root = null)
    {
        var path = DataFolder.Locate(RelativePath, root, HowToGet);
        return ImageDataset.Cached(path, () =>
        {
            var (pixels, labels) = ReadCsv(path);
            return new ImageDataset("digits (8x8)", pixels, labels, 8, 8, MaxValue, Classes);
        });
    }

    static (byte[] Pixels, byte[] Labels) ReadCsv(string path)
    {
        const int pixelsPerImage = 64;
        string text;
        try
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
            text = reader.ReadToEnd();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"digits file '{path}': the gzip stream is corrupt ({e.Message})", e);
        }
        var pixels = new List<byte>();
        var labels = new List<byte>();
        var lines = text.Split('\n');
        for (int lineNumber = 1; lineNumber <= lines.Length; lineNumber++)
        {
            var line = lines[lineNumber - 1].TrimEnd('\r');
            if (line.Length == 0) continue;
            var fields = line.Split(',');
            if (fields.Length != pixelsPerImage + 1)
                throw Problem(path, lineNumber, $"has {fields.Length} fields, expected {pixelsPerImage + 1} (64 pixels and a label)");
            for (int i = 0; i <= pixelsPerImage; i++)
            {
                int limit = i < pixelsPerImage ? MaxValue : Classes.Count - 1;
                if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || v != Math.Floor(v) || v < 0 || v > limit)
                    throw Problem(path, lineNumber, $"field {i + 1} is '{fields[i]}', expected an integer in 0..{limit}");
                (i < pixelsPerImage ? pixels : labels).Add((byte)v);
            }
        }
        if (labels.Count == 0) throw new InvalidDataException($"digits file '{path}' holds no images");
        return (pixels.ToArray(), labels.ToArray());
    }

    static InvalidDataException Problem(string path, int line, string problem) =>
        new($"digits file '{path}', line {line}: {problem}");
}
