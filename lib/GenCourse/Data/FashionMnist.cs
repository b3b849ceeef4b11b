namespace GenCourse.Data;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul &amp; Vollgraf, 2017): 28x28 grey-scale photos of clothing in 10 classes,
/// 60,000 for training and 10,000 for testing, read from the original gzipped IDX files in <c>data/fashion-mnist/</c>.
/// Loaded once per process and split.
/// </summary>
public static class FashionMnist
{
    /// <summary>The label names; label k means <c>Classes[k]</c>.</summary>
    public static IReadOnlyList<string> Classes { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The shape of one image, [1, 28, 28].</summary>
    public static long[] ImageShape => [1, 28, 28];

    const string Folder = "fashion-mnist";

    const string HowToGet =
        "Fashion-MNIST ships with the kit in data/fashion-mnist/ (the four original .gz files are in the git repository). " +
        "To restore them: apt-get install dataset-fashion-mnist and copy /usr/share/datasets/fashion-mnist/*.gz into data/fashion-mnist/, " +
        "or take them from https://github.com/zalandoresearch/fashion-mnist (data/fashion).";

    /// <summary>
    /// The training split (60,000 images) or, with <paramref name="train"/> false, the test split (10,000).
    /// <paramref name="root"/> is the data folder; by default it is found as described in <see cref="DataFolder"/>.
    /// </summary>
    public static ImageDataset Load(bool train = true, string? root = null)
    {
        string prefix = train ? "train" : "t10k";
        var imagesPath = DataFolder.Locate(Path.Combine(Folder, $"{prefix}-images-idx3-ubyte.gz"), root, HowToGet);
        var dataRoot = Path.GetDirectoryName(Path.GetDirectoryName(imagesPath))!;
        var labelsPath = DataFolder.Locate(Path.Combine(Folder, $"{prefix}-labels-idx1-ubyte.gz"), dataRoot, HowToGet);
        return ImageDataset.Cached(imagesPath, () =>
        {
            var (pixels, count, rows, columns) = Idx.ReadImages(imagesPath);
            var labels = Idx.ReadLabels(labelsPath);
            if (labels.Length != count)
                throw new InvalidDataException($"Fashion-MNIST: '{imagesPath}' holds {count} images but '{labelsPath}' holds {labels.Length} labels");
            if (rows != 28 || columns != 28)
                throw new InvalidDataException($"Fashion-MNIST: '{imagesPath}' holds {rows}x{columns} images, expected 28x28");
            int bad = Array.FindIndex(labels, l => l >= Classes.Count);
            if (bad >= 0)
                throw new InvalidDataException($"Fashion-MNIST: '{labelsPath}' has label {labels[bad]} at index {bad}; labels must be 0..{Classes.Count - 1}");
            return new ImageDataset($"Fashion-MNIST {(train ? "train" : "test")}", pixels, labels, rows, columns, 255, Classes);
        });
    }
}
