using System.Collections.Concurrent;

namespace GenCourse.Data;

/// <summary>
/// Labelled grey-scale images held in memory (Fashion-MNIST, digits). As a <see cref="TensorDataset"/> its examples are
/// (image [1, H, W] in [0, 1], label), so it can be passed straight to a <see cref="DataLoader"/>.
/// The tensors are shared by every user of the cached dataset: <c>clone()</c> before modifying them in place.
/// </summary>
public sealed class ImageDataset : TensorDataset
{
    static readonly ConcurrentDictionary<string, Lazy<ImageDataset>> cache = new();

    readonly byte[] pixels;

    internal ImageDataset(string name, byte[] pixels, byte[] labels, int rows, int columns, int maxValue, IReadOnlyList<string> classes)
        : base(ToImageTensor(pixels, labels.Length, rows, columns, maxValue), ToLabelTensor(labels))
    {
        this.pixels = pixels;
        Name = name;
        MaxValue = maxValue;
        Classes = classes;
    }

    /// <summary>What the data is, e.g. "Fashion-MNIST train".</summary>
    public string Name { get; }

    /// <summary>All images as float32 [N, 1, H, W], pixel values divided by <see cref="MaxValue"/> (so in [0, 1]).</summary>
    public Tensor Images => tensors[0];

    /// <summary>The class index of every image, int64 [N].</summary>
    public Tensor Labels => tensors[1];

    /// <summary>The pixel values as stored in the file (0..<see cref="MaxValue"/>), row-major [N, H, W].</summary>
    public ReadOnlyMemory<byte> Pixels => pixels;

    /// <summary>The largest possible pixel value: 255 for 8-bit images, 16 for the 8x8 digits.</summary>
    public int MaxValue { get; }

    /// <summary>The shape of one image, [1, H, W].</summary>
    public long[] ImageShape => Images.shape[1..];

    /// <summary>The class names; label k means <c>Classes[k]</c>.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>A new float32 tensor [N, 1, H, W] with the stored integer pixel values (for dequantisation).</summary>
    public Tensor RawImages() => ToImageTensor(pixels, Count, (int)ImageShape[1], (int)ImageShape[2], 1);

    /// <summary>How many images carry each label, indexed by class.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Classes.Count];
        foreach (var label in Labels.ToLongs()) counts[label]++;
        return counts;
    }

    public override string ToString() =>
        $"{Name}: {Count} images of shape {Shape.Format(ImageShape)}, {Classes.Count} classes ({string.Join(", ", Classes)})";

    /// <summary>The dataset stored under <paramref name="key"/> in this process, loaded once by <paramref name="load"/>.</summary>
    internal static ImageDataset Cached(string key, Func<ImageDataset> load)
    {
        var entry = cache.GetOrAdd(key, _ => new Lazy<ImageDataset>(load));
        try
        {
            return entry.Value;
        }
        catch
        {
            cache.TryRemove(new KeyValuePair<string, Lazy<ImageDataset>>(key, entry));   // a failed load is retried next time
            throw;
        }
    }

    /// <summary>float32 [count, 1, rows, columns] holding pixel / divisor.</summary>
    static Tensor ToImageTensor(byte[] pixels, int count, int rows, int columns, float divisor)
    {
        var values = new float[pixels.Length];
        Par.For(values.Length, 1 << 16, (start, end) =>
        {
            for (int i = start; i < end; i++) values[i] = pixels[i] / divisor;
        });
        return torch.tensor(values, [count, 1, rows, columns]);
    }

    static Tensor ToLabelTensor(byte[] labels) =>
        torch.tensor(Array.ConvertAll(labels, b => (long)b));
}
