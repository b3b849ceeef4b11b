using GenCourse.Kernels;

namespace GenCourse;

// Views and copies: view/reshape/permute/expand/narrow share storage; contiguous/clone/to copy.
public partial class Tensor
{
    internal void AttachGradFn(Node node)
    {
        gradFn = node;
        requiresGrad = true;
    }

    /// <summary>This tensor's data in a contiguous layout (itself when already contiguous); not recorded by autograd.</summary>
    internal Tensor ContiguousData()
    {
        if (Count == 0) return Empty(dtype, dims);   // an empty view's offset may lie past its storage
        if (is_contiguous()) return this;
        var result = Empty(dtype, dims);
        switch (dtype)
        {
            case ScalarType.Float32: Strided.Copy(Data<float>(), offset, dims, strides, result.Data<float>(), 0); break;
            case ScalarType.Float64: Strided.Copy(Data<double>(), offset, dims, strides, result.Data<double>(), 0); break;
            case ScalarType.Bool: Strided.Copy(Data<bool>(), offset, dims, strides, result.Data<bool>(), 0); break;
            default: Strided.Copy(Data<long>(), offset, dims, strides, result.Data<long>(), 0); break;
        }
        return result;
    }

    /// <summary>This tensor converted to another dtype, not recorded by autograd.</summary>
    internal Tensor Cast(ScalarType type) => type == dtype ? this : Elementwise.Convert(this, type);

    Tensor View(int[] newDims, int[] newStrides, int newOffset, string name, Func<Tensor, Tensor> backward) =>
        Engine.Record(new Tensor(storage, newDims, newStrides, newOffset), name, [this], g => [backward(g)]);

    /// <summary>A contiguous tensor with the same values (this tensor itself when already contiguous).</summary>
    public Tensor contiguous() =>
        is_contiguous() ? this : Engine.Record(ContiguousData(), "CloneBackward", [this], g => [g]);

    /// <summary>A copy with its own storage, differentiable like PyTorch's clone().</summary>
    public Tensor clone()
    {
        var copy = is_contiguous() ? Elementwise.Convert(this, dtype) : ContiguousData();
        return Engine.Record(copy, "CloneBackward", [this], g => [g]);
    }

    /// <summary>Converts to another dtype (a differentiable copy between floating types; an int64 or bool result has no gradient).</summary>
    public Tensor to(ScalarType type)
    {
        if (type == dtype) return this;
        var source = dtype;
        return Engine.Record(Elementwise.Convert(this, type), "ToCopyBackward", [this], g => [g.to(source)]);
    }

    /// <summary>The tensor on <paramref name="device"/>: itself, since the embedded engine has only the CPU.</summary>
    public Tensor to(torch.Device device)
    {
        torch.RequireCpu(device, "to");
        return this;
    }

    public Tensor to(ScalarType type, torch.Device device) => to(device).to(type);

    /// <summary>The tensor in CPU memory: itself on the embedded engine.</summary>
    public Tensor cpu() => this;

    /// <summary>The device the tensor lives on (always the CPU on the embedded engine).</summary>
    public torch.Device device => torch.CPU;

    public Tensor @float() => to(ScalarType.Float32);

    public Tensor @double() => to(ScalarType.Float64);

    public Tensor @long() => to(ScalarType.Int64);

    /// <summary>A bool tensor: true where this tensor is non-zero (NaN included), as PyTorch's and TorchSharp's bool().</summary>
    public Tensor @bool() => to(ScalarType.Bool);

    /// <summary>Converts to another dtype (TorchSharp's name for <see cref="to(ScalarType)"/>).</summary>
    public Tensor to_type(ScalarType type) => to(type);

    /// <summary>The same data seen with another shape (one size may be -1); fails if the strides cannot express it.</summary>
    public Tensor view(params long[] shape)
    {
        var newDims = Shape.Infer(Shape.ToInt(shape), Count, "view");
        var newStrides = ViewStrides(newDims)
            ?? throw new InvalidOperationException(
                $"view: cannot view a tensor of shape {Shape.Format(dims)} with strides {Shape.Format(strides)} as {Shape.Format(newDims)}; " +
                "its memory is not laid out for that shape. Use reshape(...) or contiguous().view(...).");
        var oldDims = dims;
        return View(newDims, newStrides, offset, "ViewBackward", g => g.reshape(Array.ConvertAll(oldDims, d => (long)d)));
    }

    /// <summary>Like view, but copies when the layout requires it.</summary>
    public Tensor reshape(params long[] shape)
    {
        var newDims = Shape.Infer(Shape.ToInt(shape), Count, "reshape");
        return ViewStrides(newDims) != null ? view(shape) : contiguous().view(shape);
    }

    public Tensor view_as(Tensor other) => view(other.shape);

    public Tensor reshape_as(Tensor other) => reshape(other.shape);

    public Tensor flatten(int start_dim = 0, int end_dim = -1)
    {
        if (dims.Length == 0) return reshape(1);
        int s = Shape.WrapDim(start_dim, dims.Length, "flatten"), e = Shape.WrapDim(end_dim, dims.Length, "flatten");
        if (s > e) throw new ArgumentException($"flatten: start_dim {start_dim} comes after end_dim {end_dim}");
        var shape = new List<long>();
        for (int i = 0; i < s; i++) shape.Add(dims[i]);
        long merged = 1;
        for (int i = s; i <= e; i++) merged *= dims[i];
        shape.Add(merged);
        for (int i = e + 1; i < dims.Length; i++) shape.Add(dims[i]);
        return reshape(shape.ToArray());
    }

    /// <summary>Splits dimension <paramref name="dim"/> into <paramref name="sizes"/>; one size may be -1, inferred from that dimension alone (also when another is 0).</summary>
    public Tensor unflatten(int dim, params long[] sizes)
    {
        int d = Shape.WrapDim(dim, dims.Length, "unflatten");
        sizes = (long[])sizes.Clone();
        long known = sizes.Where(s => s != -1).Aggregate(1L, (a, b) => a * b);
        int unknown = Array.IndexOf(sizes, -1L);
        if (unknown >= 0 && known > 0) sizes[unknown] = dims[d] / known;
        var shape = new List<long>(this.shape);
        shape.RemoveAt(d);
        shape.InsertRange(d, sizes);
        return reshape(shape.ToArray());
    }

    /// <summary>A view with the dims reordered: dim i of the result is dim <paramref name="permutation"/>[i] of this tensor.</summary>
    public Tensor permute(params long[] permutation)
    {
        if (permutation.Length != dims.Length)
            throw new ArgumentException($"permute: got {permutation.Length} dimensions {Shape.Format(permutation)} for a tensor with {dims.Length} dimensions");
        var wrapped = Array.ConvertAll(permutation, d => Shape.WrapDim(d, dims.Length, "permute"));
        if (wrapped.Distinct().Count() != wrapped.Length)
            throw new ArgumentException($"permute: repeated dimension in {Shape.Format(permutation)}");
        var inverse = new long[wrapped.Length];
        for (int i = 0; i < wrapped.Length; i++) inverse[wrapped[i]] = i;
        return View(Array.ConvertAll(wrapped, d => dims[d]), Array.ConvertAll(wrapped, d => strides[d]), offset,
            "PermuteBackward", g => g.permute(inverse));
    }

    public Tensor transpose(int dim0, int dim1)
    {
        var order = Enumerable.Range(0, dims.Length).Select(d => (long)d).ToArray();
        int a = Shape.WrapDim(dim0, dims.Length, "transpose"), b = Shape.WrapDim(dim1, dims.Length, "transpose");
        (order[a], order[b]) = (order[b], order[a]);
        return permute(order);
    }

    /// <summary>Transpose of a matrix (a 0-D or 1-D tensor is returned as is).</summary>
    public Tensor t()
    {
        if (dims.Length > 2) throw new ArgumentException($"t: expects a tensor with <= 2 dimensions, got shape {Shape.Format(dims)}; use transpose(dim0, dim1)");
        return dims.Length < 2 ? this : transpose(0, 1);
    }

    /// <summary>Transposed matrix, as in PyTorch's <c>x.T</c> for 2-D tensors.</summary>
    public Tensor T => t();

    public Tensor unsqueeze(int dim)
    {
        int d = Shape.WrapDim(dim, dims.Length + 1, "unsqueeze");
        var shape = dims.ToList();
        var st = strides.ToList();
        shape.Insert(d, 1);
        st.Insert(d, d < strides.Length ? strides[d] * dims[d] : 1);
        return View(shape.ToArray(), st.ToArray(), offset, "UnsqueezeBackward", g => g.squeeze(d));
    }

    /// <summary>Removes dimensions of size 1 (all of them, or the given one if it has size 1).</summary>
    public Tensor squeeze(int? dim = null)
    {
        var keep = new List<int>();
        int only = dim is int d0 ? Shape.WrapDim(d0, dims.Length, "squeeze") : -1;
        for (int i = 0; i < dims.Length; i++)
            if (dims[i] != 1 || (only >= 0 && i != only)) keep.Add(i);
        var oldShape = shape;
        return View(keep.Select(i => dims[i]).ToArray(), keep.Select(i => strides[i]).ToArray(), offset,
            "SqueezeBackward", g => g.reshape(oldShape));
    }

    /// <summary>A broadcast view with size-1 dimensions repeated (stride 0); -1 keeps a size.</summary>
    public Tensor expand(params long[] sizes)
    {
        var target = Shape.ToInt(sizes);
        if (target.Length < dims.Length)
            throw new ArgumentException($"expand: the target {Shape.Format(target)} has fewer dimensions than the tensor {Shape.Format(dims)}");
        int lead = target.Length - dims.Length;
        for (int i = 0; i < target.Length; i++)
        {
            if (i >= lead && target[i] == -1) target[i] = dims[i - lead];
            int have = i < lead ? 1 : dims[i - lead];
            if (target[i] < 0 || (have != 1 && have != target[i]))
                throw new ArgumentException($"expand: cannot expand shape {Shape.Format(dims)} to {Shape.Format(target)}: dimension {i} has size {have} (only size-1 dimensions expand)");
        }
        if (target.AsSpan().SequenceEqual(dims)) return this;
        var inputShape = dims;
        return View(target, Shape.BroadcastStrides(dims, strides, target), offset, "ExpandBackward", g => g.SumTo(inputShape));
    }

    public Tensor expand_as(Tensor other) => expand(other.shape);

    /// <summary>The slice [start, start+length) of dimension <paramref name="dim"/>, as a view.</summary>
    public Tensor narrow(int dim, long start, long length)
    {
        int d = Shape.WrapDim(dim, dims.Length, "narrow");
        if (start < 0) start += dims[d];
        if (start < 0 || length < 0 || start + length > dims[d])
            throw new ArgumentException($"narrow: start {start} and length {length} are out of range for dimension {dim} of size {dims[d]} (shape {Shape.Format(dims)})");
        var newDims = (int[])dims.Clone();
        newDims[d] = (int)length;
        var inputShape = dims;
        int s = (int)start;
        return View(newDims, strides, offset + s * strides[d], "NarrowBackward", g => g.NarrowAdjoint(inputShape, d, s));
    }

    /// <summary>The index-th entry along a dimension, with that dimension removed (x[..., index, ...]).</summary>
    public Tensor select(int dim, long index)
    {
        int d = Shape.WrapDim(dim, dims.Length, "select");
        if (index < -dims[d] || index >= dims[d])
            throw new ArgumentException($"select: index {index} is out of range for dimension {dim} of size {dims[d]}");
        return narrow(d, index < 0 ? index + dims[d] : index, 1).squeeze(d);
    }

    /// <summary>Every step-th entry of [start, end) along a dimension, as a view (PyTorch's slicing x[start:end:step]).</summary>
    public Tensor slice(int dim, long start, long end, long step = 1)
    {
        int d = Shape.WrapDim(dim, dims.Length, "slice");
        if (step <= 0) throw new ArgumentException($"slice: step must be positive, got {step}");
        int size = dims[d];
        long s = Math.Clamp(start < 0 ? start + size : start, 0, size), e = Math.Clamp(end < 0 ? end + size : end, 0, size);
        if (step == 1) return narrow(d, s, Math.Max(0, e - s));
        var view = narrow(d, s, Math.Max(0, e - s));
        var newDims = (int[])view.dims.Clone();
        var newStrides = (int[])view.strides.Clone();
        newDims[d] = (int)((Math.Max(0, e - s) + step - 1) / step);
        newStrides[d] *= (int)step;
        var inputShape = view.dims;
        int k = (int)step;
        return view.View(newDims, newStrides, view.offset, "SliceBackward", g => g.StepAdjoint(inputShape, d, k));
    }

    /// <summary>Indexing with integers along the leading dimensions: x[i], x[i, j].</summary>
    public Tensor this[params long[] indices]
    {
        get
        {
            var result = this;
            foreach (var i in indices) result = result.select(0, i);
            return result;
        }
    }

    // PyTorch's view stride rule: a view exists when each group of merged/split dims is contiguous within itself.
    int[]? ViewStrides(int[] newDims)
    {
        if (is_contiguous()) return Shape.ContiguousStrides(newDims);
        if (Count == 0) return Shape.ContiguousStrides(newDims);
        var result = new int[newDims.Length];
        int viewD = newDims.Length - 1;
        int chunkBase = strides[^1];
        long tensorNumel = 1, viewNumel = 1;
        for (int d = dims.Length - 1; d >= 0; d--)
        {
            tensorNumel *= dims[d];
            if (d == 0 || (dims[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase))
            {
                while (viewD >= 0 && (viewNumel < tensorNumel || newDims[viewD] == 1))
                {
                    result[viewD] = (int)(viewNumel * chunkBase);
                    viewNumel *= newDims[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0)
                {
                    chunkBase = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? result : null;
    }
}
