namespace GenCourse;

/// <summary>
/// An n-dimensional array of float32, float64, int64 or bool values that records the operations applied to it
/// so gradients can flow back (reverse-mode autograd). Views (view, reshape, narrow, expand, transpose)
/// share storage with their base; memory is managed by the .NET GC, so Dispose and the dispose-scope calls
/// that TorchSharp code makes do nothing here.
/// </summary>
[Plotting.TypeFormatterSource(typeof(Plotting.TensorFormatterSource), PreferredMimeTypes = ["text/plain"])]
public partial class Tensor : IDisposable
{
    /// <summary>Nothing to free: the GC owns the memory (TorchSharp frees native memory here).</summary>
    public void Dispose()
    {
    }

    /// <summary>Keeps the tensor alive past the current dispose scope (TorchSharp); the tensor itself here.</summary>
    public Tensor MoveToOuterDisposeScope() => this;

    /// <summary>Takes the tensor out of dispose scopes (TorchSharp); the tensor itself here.</summary>
    public Tensor DetachFromDisposeScope() => this;

    internal readonly Storage storage;
    internal readonly int[] dims;
    internal readonly int[] strides;
    internal readonly int offset;
    bool requiresGrad;
    internal Node? gradFn;
    internal bool retainsGrad;

    internal Tensor(Storage storage, int[] dims, int[] strides, int offset)
    {
        this.storage = storage;
        this.dims = dims;
        this.strides = strides;
        this.offset = offset;
    }

    /// <summary>A new contiguous tensor whose contents are unspecified: for kernels that write every element.</summary>
    internal static Tensor Empty(ScalarType dtype, int[] shape) =>
        new(new Storage(dtype, Shape.Numel(shape), zeroed: false), shape, Shape.ContiguousStrides(shape), 0);

    /// <summary>A new contiguous tensor of zeros.</summary>
    internal static Tensor Zeros(ScalarType dtype, int[] shape) =>
        new(new Storage(dtype, Shape.Numel(shape)), shape, Shape.ContiguousStrides(shape), 0);

    internal static Tensor FromArray(Array data, ScalarType dtype, int[] shape) =>
        new(new Storage(data, dtype), shape, Shape.ContiguousStrides(shape), 0);

    public ScalarType dtype => storage.DType;

    /// <summary>The sizes of the dimensions, like TorchSharp's <c>shape</c>.</summary>
    public long[] shape => Array.ConvertAll(dims, d => (long)d);

    public int dim() => dims.Length;

    public int ndim => dims.Length;

    public long size(int dim) => dims[Shape.WrapDim(dim, dims.Length, "size")];

    public long numel() => Shape.Numel(dims);

    internal int Count => Shape.Numel(dims);

    public long[] stride() => Array.ConvertAll(strides, s => (long)s);

    /// <summary>Whether the elements lie in row-major order without gaps; an empty tensor always does (as in PyTorch).</summary>
    public bool is_contiguous()
    {
        if (Count == 0) return true;
        int expected = 1;
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            if (dims[i] == 1) continue;
            if (strides[i] != expected) return false;
            expected *= dims[i];
        }
        return true;
    }

    /// <summary>Whether gradients are recorded for this tensor. Only leaves can be switched on or off.</summary>
    public bool requires_grad
    {
        get => requiresGrad;
        set
        {
            if (gradFn != null && !value)
                throw new InvalidOperationException(
                    $"requires_grad: this tensor is the result of {gradFn.Name}; only leaf tensors can stop requiring grad (use detach())");
            if (value && !dtype.IsFloatingPoint())
                throw new InvalidOperationException($"requires_grad: only floating-point tensors can require gradients, this one is {dtype.TorchName()}");
            requiresGrad = value;
        }
    }

    public Tensor requires_grad_(bool requiresGrad = true)
    {
        requires_grad = requiresGrad;
        return this;
    }

    /// <summary>The accumulated gradient of a leaf (or of a tensor that called <see cref="retain_grad"/>).</summary>
    public Tensor? grad { get; set; }

    public bool is_leaf => gradFn == null;

    /// <summary>The name of the operation that produced this tensor, e.g. "MulBackward", or null for a leaf.</summary>
    public string? grad_fn => gradFn?.Name;

    /// <summary>Keeps the gradient of this non-leaf tensor in <see cref="grad"/> after backward.</summary>
    public void retain_grad()
    {
        if (!requiresGrad) throw new InvalidOperationException("retain_grad: the tensor does not require grad");
        retainsGrad = true;
    }

    /// <summary>A view of the same data that is cut off from the autograd graph.</summary>
    public Tensor detach() => new(storage, dims, strides, offset);

    /// <summary>
    /// The single value of a one-element tensor, read as its own element type: as in TorchSharp, T must match the dtype
    /// (float for float32, double for float64, long for int64, bool for bool); <see cref="TensorExtensionMethods.ToDouble"/> converts.
    /// </summary>
    public T item<T>() where T : unmanaged
    {
        if (Count != 1)
            throw new InvalidOperationException($"item: only one-element tensors can be converted to a scalar, this one has shape {Shape.Format(dims)}");
        RequireElementType<T>("item");
        return ReadSpan<T>()[0];
    }

    /// <summary>Reads and writes the elements in row-major order as T, which must match the dtype (TorchSharp's data&lt;T&gt;()).</summary>
    public TensorAccessor<T> data<T>() where T : unmanaged
    {
        RequireElementType<T>("data");
        return new TensorAccessor<T>(this);
    }

    void RequireElementType<T>(string op) where T : unmanaged
    {
        var requested = ScalarTypeOf<T>();
        if (requested != dtype)
            throw new ArgumentException(
                $"{op}<{typeof(T).Name}>: the tensor is {dtype.TorchName()}, read it as {ElementName(dtype)} " +
                $"(or convert first with .to({requested.TorchName()}); ToDouble() reads any one-element tensor)");
    }

    static string ElementName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float",
        ScalarType.Float64 => "double",
        ScalarType.Bool => "bool",
        _ => "long",
    };

    /// <summary>The elements in row-major order, converted to <typeparamref name="T"/> (float, double, long or bool).</summary>
    internal T[] ToArray<T>() where T : unmanaged
    {
        var src = contiguous();
        var target = ScalarTypeOf<T>();
        if (target != dtype) src = src.to(target);
        var result = new T[Count];
        src.ReadSpan<T>().CopyTo(result);
        return result;
    }

    /// <summary>The contiguous elements as a span (the tensor must be contiguous and of type T).</summary>
    internal Span<T> Span<T>() where T : unmanaged =>
        Count == 0 ? [] : ((T[])storage.Data).AsSpan(offset, Count);

    internal ReadOnlySpan<T> ReadSpan<T>() where T : unmanaged => Span<T>();

    internal T[] Data<T>() where T : unmanaged => (T[])storage.Data;

    internal static ScalarType ScalarTypeOf<T>() =>
        typeof(T) == typeof(float) ? ScalarType.Float32
        : typeof(T) == typeof(double) ? ScalarType.Float64
        : typeof(T) == typeof(long) ? ScalarType.Int64
        : typeof(T) == typeof(bool) ? ScalarType.Bool
        : throw new NotSupportedException($"element type {typeof(T).Name} is not supported (use float, double, long or bool)");

    /// <summary>Marks an in-place write, so autograd detects stale saved tensors.</summary>
    internal void BumpVersion() => storage.Version++;

    internal int Version => storage.Version;


    /// <summary>The values, printed like PyTorch (summarised beyond 1000 elements).</summary>
    public override string ToString() => TensorFormatter.Format(this);
}
