using GenCourse.Kernels;
namespace GenCourse;

// Indexing, joining and rearranging. Each op's gradient is its adjoint (gather <-> scatter_add,
// index_select <-> index_add, narrow <-> zero-padding), itself differentiable.
public partial class Tensor
{
    Tensor Indices(string op)
    {
        if (dtype != ScalarType.Int64)
            throw new ArgumentException($"{op}: indices must be an int64 tensor, got {dtype.TorchName()} (use .@long())");
        return ContiguousData();
    }

    /// <summary>out[i][j] = this[i][index[i][j]] for dim 1 (generally: index replaces the coordinate along dim).</summary>
    public Tensor gather(int dim, Tensor index)
    {
        int d = Shape.WrapDim(dim, dims.Length, "gather");
        var idx = index.Indices("gather");
        if (idx.dims.Length != dims.Length)
            throw new ArgumentException($"gather: index has {idx.dims.Length} dimensions {Shape.Format(idx.dims)} but the input has {dims.Length} {Shape.Format(dims)}");
        for (int i = 0; i < dims.Length; i++)
            if (i != d && idx.dims[i] > dims[i])
                throw new ArgumentException($"gather: index shape {Shape.Format(idx.dims)} is larger than input shape {Shape.Format(dims)} in dimension {i}");
        var x = ContiguousData();
        var y = Empty(dtype, idx.dims);
        switch (dtype)
        {
            case ScalarType.Float32: IndexKernels.Gather(x.Data<float>(), x.offset, dims, idx.Data<long>(), idx.offset, idx.dims, d, y.Data<float>()); break;
            case ScalarType.Float64: IndexKernels.Gather(x.Data<double>(), x.offset, dims, idx.Data<long>(), idx.offset, idx.dims, d, y.Data<double>()); break;
            case ScalarType.Bool: IndexKernels.Gather(x.Data<bool>(), x.offset, dims, idx.Data<long>(), idx.offset, idx.dims, d, y.Data<bool>()); break;
            default: IndexKernels.Gather(x.Data<long>(), x.offset, dims, idx.Data<long>(), idx.offset, idx.dims, d, y.Data<long>()); break;
        }
        var inputShape = shape;
        return Engine.Record(y, "GatherBackward", [this], g => [torch.zeros(inputShape, dtype: g.dtype).scatter_add(d, idx, g)]);
    }

    /// <summary>A copy of this tensor with src added at the positions index names along dim.</summary>
    public Tensor scatter_add(int dim, Tensor index, Tensor src)
    {
        int d = Shape.WrapDim(dim, dims.Length, "scatter_add");
        var idx = index.Indices("scatter_add");
        if (idx.dims.Length != dims.Length || src.dims.Length != dims.Length)
            throw new ArgumentException($"scatter_add: input {Shape.Format(dims)}, index {Shape.Format(idx.dims)} and src {Shape.Format(src.dims)} must have the same number of dimensions");
        for (int i = 0; i < dims.Length; i++)
            if (idx.dims[i] > src.dims[i] || (i != d && idx.dims[i] > dims[i]))
                throw new ArgumentException($"scatter_add: index shape {Shape.Format(idx.dims)} does not fit src {Shape.Format(src.dims)} / input {Shape.Format(dims)} in dimension {i}");
        RequireNumber("scatter_add");
        var y = Elementwise.Convert(this, dtype);
        var s = src.Cast(dtype).ContiguousData();
        if (!s.dims.AsSpan().SequenceEqual(idx.dims)) s = s.narrowTo(idx.dims).ContiguousData();
        switch (dtype)
        {
            case ScalarType.Float32: IndexKernels.ScatterAdd(y.Data<float>(), dims, idx.Data<long>(), idx.offset, idx.dims, s.Data<float>(), s.offset, d); break;
            case ScalarType.Float64: IndexKernels.ScatterAdd(y.Data<double>(), dims, idx.Data<long>(), idx.offset, idx.dims, s.Data<double>(), s.offset, d); break;
            default: IndexKernels.ScatterAdd(y.Data<long>(), dims, idx.Data<long>(), idx.offset, idx.dims, s.Data<long>(), s.offset, d); break;
        }
        var srcShape = src.dims;
        return Engine.Record(y, "ScatterAddBackward", [this, src], g =>
        {
            var gs = g.gather(d, idx);
            return [g, gs.dims.AsSpan().SequenceEqual(srcShape) ? gs : gs.NarrowAdjointTo(srcShape)];
        });
    }

    Tensor narrowTo(int[] target)
    {
        var t = this;
        for (int i = 0; i < target.Length; i++) if (t.dims[i] != target[i]) t = t.narrow(i, 0, target[i]);
        return t;
    }

    Tensor NarrowAdjointTo(int[] target)
    {
        var t = this;
        for (int i = 0; i < target.Length; i++) if (t.dims[i] != target[i]) t = t.NarrowAdjoint(ReplaceDim(t.dims, i, target[i]), i, 0);
        return t;
    }

    static int[] ReplaceDim(int[] shape, int dim, int size)
    {
        var r = (int[])shape.Clone();
        r[dim] = size;
        return r;
    }

    (int outer, int size, int inner) Split3(int d)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= dims[i];
        for (int i = d + 1; i < dims.Length; i++) inner *= dims[i];
        return (outer, dims[d], inner);
    }

    /// <summary>The entries at the positions of a 1-D int64 <paramref name="index"/> along dim.</summary>
    public Tensor index_select(int dim, Tensor index)
    {
        int d = Shape.WrapDim(dim, dims.Length, "index_select");
        var idx = index.Indices("index_select");
        if (idx.dims.Length > 1) throw new ArgumentException($"index_select: index must be 1-D, got shape {Shape.Format(idx.dims)}");
        var x = ContiguousData();
        var (outer, size, inner) = Split3(d);
        int count = idx.Count;
        var y = Empty(dtype, ReplaceDim(dims, d, count));
        switch (dtype)
        {
            case ScalarType.Float32: IndexKernels.IndexSelect(x.Data<float>(), x.offset, outer, size, inner, idx.Data<long>(), idx.offset, count, y.Data<float>()); break;
            case ScalarType.Float64: IndexKernels.IndexSelect(x.Data<double>(), x.offset, outer, size, inner, idx.Data<long>(), idx.offset, count, y.Data<double>()); break;
            case ScalarType.Bool: IndexKernels.IndexSelect(x.Data<bool>(), x.offset, outer, size, inner, idx.Data<long>(), idx.offset, count, y.Data<bool>()); break;
            default: IndexKernels.IndexSelect(x.Data<long>(), x.offset, outer, size, inner, idx.Data<long>(), idx.offset, count, y.Data<long>()); break;
        }
        var inputShape = shape;
        return Engine.Record(y, "IndexSelectBackward", [this], g => [torch.zeros(inputShape, dtype: g.dtype).index_add(d, idx, g)]);
    }

    /// <summary>
    /// A copy of this tensor with the slices of <paramref name="alpha"/> * <paramref name="source"/> added at the positions
    /// in index along dim (TorchSharp requires alpha; PyTorch's default is 1, as here).
    /// </summary>
    public Tensor index_add(long dim, Tensor index, Tensor source, double alpha = 1)
    {
        if (alpha != 1) source = source * alpha;
        int d = Shape.WrapDim(dim, dims.Length, "index_add");
        var idx = index.Indices("index_add");
        if (!source.dims.AsSpan().SequenceEqual(ReplaceDim(dims, d, idx.Count)))
            throw new ArgumentException($"index_add: source shape {Shape.Format(source.dims)} must equal the input shape {Shape.Format(dims)} with dimension {d} of size {idx.Count}");
        RequireNumber("index_add");
        var y = Elementwise.Convert(this, dtype);
        var s = source.Cast(dtype).ContiguousData();
        var (outer, size, inner) = Split3(d);
        switch (dtype)
        {
            case ScalarType.Float32: IndexKernels.IndexAdd(y.Data<float>(), outer, size, inner, idx.Data<long>(), idx.offset, idx.Count, s.Data<float>(), s.offset); break;
            case ScalarType.Float64: IndexKernels.IndexAdd(y.Data<double>(), outer, size, inner, idx.Data<long>(), idx.offset, idx.Count, s.Data<double>(), s.offset); break;
            default: IndexKernels.IndexAdd(y.Data<long>(), outer, size, inner, idx.Data<long>(), idx.offset, idx.Count, s.Data<long>(), s.offset); break;
        }
        return Engine.Record(y, "IndexAddBackward", [this, source], g => [g, g.index_select(d, idx)]);
    }

    void RequireNumber(string op)
    {
        if (dtype == ScalarType.Bool) throw new ArgumentException($"{op}: adds values, which a torch.bool tensor cannot hold; convert it with .to(torch.int64) first");
    }

    /// <summary>Entries where the bool <paramref name="mask"/> is true replaced by value (mask broadcasts).</summary>
    public Tensor masked_fill(Tensor mask, double value)
    {
        torch.RequireMask(mask, "masked_fill", "mask");
        return torch.where(mask, value, this);
    }

    /// <summary>The entries where the bool <paramref name="mask"/> is true, in row-major order, as a 1-D tensor (mask and this broadcast).</summary>
    public Tensor masked_select(Tensor mask)
    {
        torch.RequireMask(mask, "masked_select", "mask");
        var shape = Array.ConvertAll(Shape.Broadcast(dims, mask.dims, "masked_select"), d => (long)d);
        var flags = mask.expand(shape).ToArray<bool>();
        var positions = Enumerable.Range(0, flags.Length).Where(i => flags[i]).Select(i => (long)i).ToArray();
        return expand(shape).reshape(-1).index_select(0, torch.tensor(positions));   // index_select's adjoint scatters the gradient back
    }

    /// <summary>Zero tensor of <paramref name="inputShape"/> with this tensor placed at [start, start+len) of dim (narrow's adjoint).</summary>
    internal Tensor NarrowAdjoint(int[] inputShape, int dim, int start)
    {
        var y = Zeros(dtype, inputShape);
        var region = y.detach().narrow(dim, start, dims[dim]);
        region.Assign(this);
        int length = dims[dim];
        return Engine.Record(y, "NarrowAdjointBackward", [this], g => [g.narrow(dim, start, length)]);
    }

    /// <summary>Zero tensor of <paramref name="inputShape"/> with this tensor at every step-th position of dim (strided slicing's adjoint).</summary>
    internal Tensor StepAdjoint(int[] inputShape, int dim, int step)
    {
        var y = Zeros(dtype, inputShape);
        var region = new Tensor(y.storage, dims, ReplaceDim(y.strides, dim, y.strides[dim] * step), 0);
        region.Assign(this);
        return Engine.Record(y, "SliceAdjointBackward", [this], g => [g.slice(dim, 0, inputShape[dim], step)]);
    }

    /// <summary>Reverses the order of entries along the given dims (a copy, as in PyTorch).</summary>
    public Tensor flip(params long[] dims)
    {
        var st = (int[])strides.Clone();
        int off = offset;
        var wrapped = Array.ConvertAll(dims, d => (long)Shape.WrapDim(d, this.dims.Length, "flip"));
        foreach (var d in wrapped)
        {
            if (this.dims[d] == 0) continue;
            off += (this.dims[d] - 1) * st[d];
            st[d] = -st[d];
        }
        var y = new Tensor(storage, this.dims, st, off).ContiguousData();
        if (ReferenceEquals(y.storage, storage)) y = Elementwise.Convert(y, dtype);
        return Engine.Record(y, "FlipBackward", [this], g => [g.flip(wrapped)]);
    }

    /// <summary>
    /// Shifts entries along dim <paramref name="dims"/> by <paramref name="shifts"/>, wrapping around; without a dim the
    /// flattened tensor is shifted and the shape restored.
    /// </summary>
    public Tensor roll(long shifts, long? dims = null)
    {
        if (dims is not long dim) return reshape(-1).roll(shifts, 0).reshape(shape);
        int d = Shape.WrapDim(dim, this.dims.Length, "roll");
        int n = this.dims[d];
        if (n == 0) return clone();
        int s = (int)(((shifts % n) + n) % n);
        if (s == 0) return clone();
        return torch.cat([narrow(d, n - s, s), narrow(d, 0, n - s)], d);
    }

    public Tensor roll(long[] shifts, long[] dims)
    {
        if (shifts.Length != dims.Length) throw new ArgumentException($"roll: got {shifts.Length} shifts for {dims.Length} dims");
        var t = this;
        for (int i = 0; i < shifts.Length; i++) t = t.roll(shifts[i], dims[i]);
        return t;
    }

    /// <summary>Splits into pieces of <paramref name="size"/> along dim (the last may be smaller; an empty dim gives one empty piece, as in PyTorch); views.</summary>
    public Tensor[] split(long size, int dim = 0)
    {
        int d = Shape.WrapDim(dim, dims.Length, "split");
        if (size <= 0) throw new ArgumentException($"split: size must be positive, got {size}");
        long count = Math.Max((dims[d] + size - 1) / size, 1);
        var pieces = new Tensor[count];
        for (long i = 0; i < count; i++) pieces[i] = narrow(d, i * size, Math.Min(size, dims[d] - i * size));
        return pieces;
    }

    /// <summary>Splits into pieces of the given sizes along dim.</summary>
    public Tensor[] split(long[] sizes, int dim = 0)
    {
        int d = Shape.WrapDim(dim, dims.Length, "split");
        if (sizes.Sum() != dims[d]) throw new ArgumentException($"split: sizes {Shape.Format(sizes)} add up to {sizes.Sum()}, but dimension {dim} has size {dims[d]}");
        var pieces = new Tensor[sizes.Length];
        long start = 0;
        for (int i = 0; i < sizes.Length; i++) { pieces[i] = narrow(d, start, sizes[i]); start += sizes[i]; }
        return pieces;
    }

    /// <summary>Splits into <paramref name="chunks"/> nearly equal pieces along dim (an empty dim into that many empty pieces, as in PyTorch).</summary>
    public Tensor[] chunk(int chunks, int dim = 0)
    {
        int d = Shape.WrapDim(dim, dims.Length, "chunk");
        if (chunks <= 0) throw new ArgumentException($"chunk: number of chunks must be positive, got {chunks}");
        if (dims[d] == 0) return Enumerable.Range(0, chunks).Select(_ => narrow(d, 0, 0)).ToArray();
        return split((dims[d] + chunks - 1) / chunks, d);
    }

    /// <summary>Repeats the tensor along each dim (like torch.Tensor.repeat).</summary>
    public Tensor repeat(params long[] repeats)
    {
        if (repeats.Length < dims.Length) throw new ArgumentException($"repeat: got {repeats.Length} repeat counts for a tensor with {dims.Length} dimensions");
        var x = this;
        while (x.dims.Length < repeats.Length) x = x.unsqueeze(0);
        var interleaved = new List<long>();
        var expanded = new List<long>();
        var final = new List<long>();
        for (int i = 0; i < repeats.Length; i++)
        {
            interleaved.AddRange([1, x.dims[i]]);
            expanded.AddRange([repeats[i], x.dims[i]]);
            final.Add(repeats[i] * x.dims[i]);
        }
        return x.reshape(interleaved.ToArray()).expand(expanded.ToArray()).reshape(final.ToArray());
    }

    /// <summary>Repeats each element <paramref name="repeats"/> times along dim (the flattened tensor when dim is null): [a, b] -> [a, a, b, b].</summary>
    public Tensor repeat_interleave(long repeats, int? dim = null)
    {
        if (repeats < 0) throw new ArgumentException($"repeat_interleave: repeats must be non-negative, got {repeats}");
        var x = dim is null ? reshape(-1) : this;
        int d = dim is int dd ? Shape.WrapDim(dd, x.dims.Length, "repeat_interleave") : 0;
        var expanded = x.unsqueeze(d + 1).expand([.. x.shape[..(d + 1)], repeats, .. x.shape[(d + 1)..]]);
        return expanded.flatten(d, d + 1);
    }

    /// <summary>Upper triangle of the last two dims (entries with column - row &gt;= diagonal); others zero (also where they are inf or NaN).</summary>
    public Tensor triu(long diagonal = 0) => torch.where(TriangleMask(diagonal, upper: true), this, 0.0);

    /// <summary>Lower triangle of the last two dims (entries with column - row &lt;= diagonal); others zero (also where they are inf or NaN).</summary>
    public Tensor tril(long diagonal = 0) => torch.where(TriangleMask(diagonal, upper: false), this, 0.0);

    Tensor TriangleMask(long diagonal, bool upper)
    {
        if (dims.Length < 2) throw new ArgumentException($"{(upper ? "triu" : "tril")}: expects at least 2 dimensions, got shape {Shape.Format(dims)}");
        int rows = dims[^2], cols = dims[^1];
        var mask = new bool[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                mask[r * cols + c] = upper ? c - r >= diagonal : c - r <= diagonal;
        return torch.tensor(mask, [rows, cols]);
    }
}
