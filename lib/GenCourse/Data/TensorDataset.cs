namespace GenCourse.Data;

/// <summary>
/// Examples stored as tensors that share their first dimension, like <c>torch.utils.data.TensorDataset</c>:
/// example i is <c>(tensors[0][i], tensors[1][i], ...)</c>, e.g. (image, label).
/// </summary>
public class TensorDataset
{
    readonly Tensor[] items;

    /// <summary>A dataset over <paramref name="tensors"/>; all must have the same size in dimension 0.</summary>
    public TensorDataset(params Tensor[] tensors)
    {
        if (tensors.Length == 0) throw new ArgumentException("TensorDataset: expects at least one tensor", nameof(tensors));
        for (int i = 0; i < tensors.Length; i++)
        {
            if (tensors[i].dim() == 0)
                throw new ArgumentException($"TensorDataset: tensor {i} is 0-dimensional; every tensor needs a first (example) dimension", nameof(tensors));
            if (tensors[i].shape[0] != tensors[0].shape[0])
                throw new ArgumentException(
                    $"TensorDataset: tensor {i} has shape {Shape.Format(tensors[i].shape)} but tensor 0 has {Shape.Format(tensors[0].shape)}; the sizes of dimension 0 must match",
                    nameof(tensors));
        }
        items = (Tensor[])tensors.Clone();
    }

    /// <summary>The tensors, in the order given to the constructor.</summary>
    public IReadOnlyList<Tensor> tensors => items;

    /// <summary>The number of examples (the size of dimension 0).</summary>
    public int Count => (int)items[0].shape[0];

    /// <summary>Example <paramref name="index"/>: one slice per tensor (views, no copy).</summary>
    public Tensor[] this[long index]
    {
        get
        {
            if (index < 0 || index >= Count)
                throw new ArgumentOutOfRangeException(nameof(index), $"TensorDataset: index {index} is out of range for {Count} examples");
            return Array.ConvertAll(items, t => t.select(0, index));
        }
    }

    /// <summary>The examples at the int64 <paramref name="indices"/>, stacked: one new tensor per dataset tensor.</summary>
    public Tensor[] Batch(Tensor indices) => Array.ConvertAll(items, t => t.index_select(0, indices));

    /// <summary>A dataset of the examples at <paramref name="indices"/> (copied), e.g. a small subset for a quick run.</summary>
    public TensorDataset Subset(Tensor indices) => new(Batch(indices));
}
