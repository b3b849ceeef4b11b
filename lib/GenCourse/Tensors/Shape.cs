namespace GenCourse;

/// <summary>Shape arithmetic: element counts, contiguous strides, dimension wrapping and broadcasting.</summary>
internal static partial class Shape
{
    public static int Numel(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape) n *= d;
        if (n > int.MaxValue) throw new ArgumentException($"a tensor of shape {Format(shape)} has more than 2^31 elements");
        return (int)n;
    }

    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= Math.Max(shape[i], 1);
        }
        return strides;
    }

    /// <summary>Wraps a possibly negative dimension index; the message names the op and the rank.</summary>
    public static int WrapDim(int dim, int rank, string op) => WrapDim((long)dim, rank, op);

    /// <summary>WrapDim for the long dims of TorchSharp-shaped signatures.</summary>
    public static int WrapDim(long dim, int rank, string op)
    {
        int r = Math.Max(rank, 1);
        if (dim < -r || dim >= r)
            throw new ArgumentException($"{op}: dimension {dim} is out of range for a tensor with {rank} dimension(s) (expected {-r}..{r - 1})");
        return (int)(dim < 0 ? dim + r : dim);
    }

    /// <summary>NumPy broadcasting of two shapes; throws naming the op and both shapes.</summary>
    public static int[] Broadcast(int[] a, int[] b, string op)
    {
        if (a.AsSpan().SequenceEqual(b)) return a;
        int n = Math.Max(a.Length, b.Length);
        var result = new int[n];
        for (int i = 0; i < n; i++)
        {
            int da = i < n - a.Length ? 1 : a[i - (n - a.Length)];
            int db = i < n - b.Length ? 1 : b[i - (n - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException(
                    $"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast: dimension {i} is {da} vs {db} (sizes must match or be 1)");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Strides that view <paramref name="shape"/>/<paramref name="strides"/> as <paramref name="target"/> (0 on broadcast dims).</summary>
    public static int[] BroadcastStrides(int[] shape, int[] strides, int[] target)
    {
        var result = new int[target.Length];
        int lead = target.Length - shape.Length;
        for (int i = 0; i < target.Length; i++)
            result[i] = i < lead || shape[i - lead] == 1 ? 0 : strides[i - lead];
        return result;
    }

    /// <summary>Resolves one -1 entry of a requested view shape.</summary>
    public static int[] Infer(int[] requested, int numel, string op)
    {
        var result = (int[])requested.Clone();
        int unknown = -1, known = 1;
        for (int i = 0; i < result.Length; i++)
        {
            if (result[i] == -1)
            {
                if (unknown >= 0) throw new ArgumentException($"{op}: only one dimension can be -1, got {Format(requested)}");
                unknown = i;
            }
            else if (result[i] < 0) throw new ArgumentException($"{op}: invalid size {result[i]} in {Format(requested)}");
            else known *= result[i];
        }
        if (unknown >= 0)
        {
            if (known == 0 || numel % known != 0)
                throw new ArgumentException($"{op}: shape {Format(requested)} is invalid for a tensor of {numel} elements");
            result[unknown] = numel / known;
        }
        else if (known != numel)
            throw new ArgumentException($"{op}: shape {Format(requested)} is invalid for a tensor of {numel} elements");
        return result;
    }

    public static int[] ToInt(ReadOnlySpan<long> shape)
    {
        var r = new int[shape.Length];
        for (int i = 0; i < r.Length; i++)
            r[i] = shape[i] is >= -1 and <= int.MaxValue ? (int)shape[i]
                : throw new ArgumentException($"size {shape[i]} in {Format(shape)} is out of range");
        return r;
    }
}
