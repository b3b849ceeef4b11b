using System.Collections;

namespace GenCourse.Data;

/// <summary>
/// Iterates over a <see cref="TensorDataset"/> in mini-batches, like <c>torch.utils.data.DataLoader</c>. Each
/// <c>foreach</c> is one epoch and yields one tensor per dataset tensor (deconstruct with
/// <c>foreach (var (x, y) in loader)</c>). With <c>shuffle</c> every epoch draws a new permutation from the generator,
/// so a seeded generator gives the same sequence of epochs on every run.
/// </summary>
public sealed class DataLoader : IEnumerable<Tensor[]>
{
    readonly Generator? generator;

    /// <param name="dataset">The examples.</param>
    /// <param name="batch_size">Examples per batch; the last batch is smaller unless <paramref name="drop_last"/>.</param>
    /// <param name="shuffle">Visit the examples in a new random order every epoch (otherwise in dataset order).</param>
    /// <param name="drop_last">Skip the last batch when it would be smaller than <paramref name="batch_size"/>.</param>
    /// <param name="generator">The random stream for shuffling (default: torch's default generator).</param>
    public DataLoader(TensorDataset dataset, int batch_size = 1, bool shuffle = false, bool drop_last = false, Generator? generator = null)
    {
        if (batch_size <= 0) throw new ArgumentException($"DataLoader: batch_size must be positive, got {batch_size}", nameof(batch_size));
        this.dataset = dataset;
        this.batch_size = batch_size;
        this.shuffle = shuffle;
        this.drop_last = drop_last;
        this.generator = generator;
    }

    public TensorDataset dataset { get; }

    public int batch_size { get; }

    public bool shuffle { get; }

    public bool drop_last { get; }

    /// <summary>Batches per epoch: ceil(N / batch_size), or floor with drop_last.</summary>
    public int Count => drop_last ? dataset.Count / batch_size : (dataset.Count + batch_size - 1) / batch_size;

    /// <summary>One epoch of batches. The shuffling order is drawn when the epoch starts.</summary>
    public IEnumerator<Tensor[]> GetEnumerator()
    {
        var order = shuffle ? torch.randperm(dataset.Count, generator: generator) : torch.arange(dataset.Count);
        int batches = Count;
        for (int b = 0; b < batches; b++)
        {
            int start = b * batch_size;
            yield return dataset.Batch(order.narrow(0, start, Math.Min(batch_size, dataset.Count - start)));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
