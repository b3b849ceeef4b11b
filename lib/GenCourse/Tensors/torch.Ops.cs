using GenCourse.Kernels;

namespace GenCourse;

// Functional forms of tensor operations (torch.exp(x) etc.), selection and joining.
public static partial class torch
{
    /// <summary>
    /// A mask argument must be a bool tensor, as in PyTorch and TorchSharp (which throw for a float 0/1 mask): make one with a
    /// comparison (<c>x > 0</c>) or <c>.to(torch.@bool)</c>.
    /// </summary>
    internal static void RequireMask(Tensor mask, string op, string name)
    {
        if (mask.dtype != ScalarType.Bool)
            throw new ArgumentException($"{op}: expects {name} to be a torch.bool tensor, got {mask.dtype.TorchName()}; make it with a comparison (x > 0) or .to(torch.@bool)");
    }

    /// <summary>Elementwise <paramref name="x"/> where the bool <paramref name="condition"/> is true, else <paramref name="y"/> (all broadcast).</summary>
    public static Tensor where(Tensor condition, Tensor x, Tensor y)
    {
        RequireMask(condition, "where", "condition");
        var type = ScalarTypeExtensions.Promote(x.dtype, y.dtype);
        var shape = Shape.Broadcast(Shape.Broadcast(condition.dims, x.dims, "where"), y.dims, "where");
        Tensor Dense(Tensor t) => new Tensor(t.storage, shape, Shape.BroadcastStrides(t.dims, t.strides, shape), t.offset).ContiguousData();
        var c = Dense(condition);
        var a = Dense(x.Cast(type));
        var b = Dense(y.Cast(type));
        var result = Tensor.Empty(type, shape);
        int n = result.Count;
        bool[] cs = c.Data<bool>();
        switch (type)
        {
            case ScalarType.Float32: SelectKernels.Where(cs, c.offset, a.Data<float>(), a.offset, b.Data<float>(), b.offset, result.Data<float>(), n); break;
            case ScalarType.Float64: SelectKernels.Where(cs, c.offset, a.Data<double>(), a.offset, b.Data<double>(), b.offset, result.Data<double>(), n); break;
            case ScalarType.Bool: SelectKernels.Where(cs, c.offset, a.Data<bool>(), a.offset, b.Data<bool>(), b.offset, result.Data<bool>(), n); break;
            default: SelectKernels.Where(cs, c.offset, a.Data<long>(), a.offset, b.Data<long>(), b.offset, result.Data<long>(), n); break;
        }
        if (!type.IsFloatingPoint()) return result;
        var mask = condition.detach();
        var (xShape, yShape) = (x.dims, y.dims);
        return Engine.Record(result, "WhereBackward", [x, y], g =>
        {
            var zero = zeros_like(g);
            return [where(mask, g, zero).SumTo(xShape), where(mask, zero, g).SumTo(yShape)];
        });
    }

    public static Tensor where(Tensor condition, double x, Tensor y) => where(condition, tensor(x, y.dtype), y);

    public static Tensor where(Tensor condition, Tensor x, double y) => where(condition, x, tensor(y, x.dtype));

    /// <summary>Concatenates tensors along an existing dim; all other dims must match.</summary>
    public static Tensor cat(IList<Tensor> tensors, int dim = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("cat: expects a non-empty list of tensors");
        var first = tensors[0];
        int d = Shape.WrapDim(dim, first.dim(), "cat");
        var type = tensors.Select(t => t.dtype).Aggregate(ScalarTypeExtensions.Promote);
        var shape = (int[])first.dims.Clone();
        shape[d] = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            if (t.dim() != first.dim())
                throw new ArgumentException($"cat: tensor {i} has shape {Shape.Format(t.dims)} but tensor 0 has {Shape.Format(first.dims)}; they need the same number of dimensions");
            for (int k = 0; k < shape.Length; k++)
                if (k != d && t.dims[k] != first.dims[k])
                    throw new ArgumentException($"cat: sizes must match except in dimension {d}: tensor {i} has shape {Shape.Format(t.dims)}, tensor 0 has {Shape.Format(first.dims)}");
            shape[d] += t.dims[d];
        }
        var result = Tensor.Empty(type, shape);
        var starts = new int[tensors.Count];
        int start = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            starts[i] = start;
            result.detach().narrow(d, start, tensors[i].dims[d]).copy_(tensors[i].detach());
            start += tensors[i].dims[d];
        }
        var sizes = tensors.Select(t => t.dims[d]).ToArray();
        return Engine.Record(result, "CatBackward", tensors.ToArray(),
            g => sizes.Select((s, i) => (Tensor?)g.narrow(d, starts[i], s)).ToArray());
    }

    /// <summary>Stacks same-shaped tensors along a new dim.</summary>
    public static Tensor stack(IList<Tensor> tensors, int dim = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("stack: expects a non-empty list of tensors");
        for (int i = 1; i < tensors.Count; i++)
            if (!tensors[i].dims.AsSpan().SequenceEqual(tensors[0].dims))
                throw new ArgumentException($"stack: expects tensors of equal shape, tensor {i} has {Shape.Format(tensors[i].dims)} but tensor 0 has {Shape.Format(tensors[0].dims)}");
        int d = Shape.WrapDim(dim, tensors[0].dim() + 1, "stack");
        return cat(tensors.Select(t => t.unsqueeze(d)).ToList(), d);
    }

    public static Tensor exp(Tensor x) => x.exp();
    public static Tensor log(Tensor x) => x.log();
    public static Tensor log1p(Tensor x) => x.log1p();
    public static Tensor expm1(Tensor x) => x.expm1();
    public static Tensor sqrt(Tensor x) => x.sqrt();
    public static Tensor rsqrt(Tensor x) => x.rsqrt();
    public static Tensor abs(Tensor x) => x.abs();
    public static Tensor sign(Tensor x) => x.sign();
    public static Tensor square(Tensor x) => x.square();
    public static Tensor sigmoid(Tensor x) => x.sigmoid();
    public static Tensor tanh(Tensor x) => x.tanh();
    public static Tensor relu(Tensor x) => x.relu();
    public static Tensor sin(Tensor x) => x.sin();
    public static Tensor cos(Tensor x) => x.cos();
    public static Tensor erf(Tensor x) => x.erf();
    public static Tensor erfinv(Tensor x) => x.erfinv();
    public static Tensor lgamma(Tensor x) => x.lgamma();
    public static Tensor digamma(Tensor x) => x.digamma();
    /// <summary>The p-th derivative of digamma, in TorchSharp's order (input, p); torch.special.polygamma has PyTorch's (n, input).</summary>
    public static Tensor polygamma(Tensor input, long p) => input.polygamma(p);
    public static Tensor fmod(Tensor left, Tensor right) => left.fmod(right);
    public static Tensor fmod(Tensor left, double right) => left.fmod(right);
    public static Tensor remainder(Tensor left, Tensor right) => left.remainder(right);
    public static Tensor remainder(Tensor left, double right) => left.remainder(right);
    public static Tensor prod(Tensor input) => input.prod();
    public static Tensor prod(Tensor input, long dim, bool keepdim = false, ScalarType? type = null) => input.prod(dim, keepdim, type);
    public static Tensor outer(Tensor input, Tensor vec2) => input.outer(vec2);
    public static Tensor pow(Tensor x, double exponent) => x.pow(exponent);
    public static Tensor pow(Tensor x, Tensor exponent) => x.pow(exponent);
    public static Tensor clamp(Tensor x, double? min = null, double? max = null) => x.clamp(min, max);
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    public static Tensor atan2(Tensor y, Tensor x) => y.atan2(x);
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    public static Tensor sum(Tensor x) => x.sum();
    public static Tensor mean(Tensor x) => x.mean();
    public static Tensor logsumexp(Tensor input, long dim, bool keepdim = false) => input.logsumexp(dim, keepdim);
    public static Tensor softmax(Tensor x, int dim) => x.softmax(dim);
    public static Tensor log_softmax(Tensor x, int dim) => x.log_softmax(dim);
    public static Tensor cumsum(Tensor x, int dim) => x.cumsum(dim);
    public static Tensor flip(Tensor input, params long[] dims) => input.flip(dims);
    public static Tensor roll(Tensor input, long shifts, long? dims = null) => input.roll(shifts, dims);
    public static Tensor roll(Tensor input, long[] shifts, long[] dims) => input.roll(shifts, dims);
    public static Tensor permute(Tensor input, params long[] permutation) => input.permute(permutation);
    public static Tensor triu(Tensor x, long diagonal = 0) => x.triu(diagonal);
    public static Tensor tril(Tensor x, long diagonal = 0) => x.tril(diagonal);
    public static Tensor gather(Tensor x, int dim, Tensor index) => x.gather(dim, index);
    public static Tensor index_select(Tensor x, int dim, Tensor index) => x.index_select(dim, index);
    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    public static Tensor mm(Tensor a, Tensor b) => a.mm(b);
    public static Tensor bmm(Tensor a, Tensor b) => a.bmm(b);
    public static Tensor[] split(Tensor x, long size, int dim = 0) => x.split(size, dim);
    public static Tensor[] chunk(Tensor x, int chunks, int dim = 0) => x.chunk(chunks, dim);
    public static Tensor flatten(Tensor x, int start_dim = 0, int end_dim = -1) => x.flatten(start_dim, end_dim);
    public static Tensor isnan(Tensor x) => x.isnan();
    public static Tensor isinf(Tensor x) => x.isinf();
    public static Tensor isfinite(Tensor x) => x.isfinite();
    public static Tensor isclose(Tensor tensor, Tensor other, double rtol = 1e-05, double atol = 1e-08, bool nanEqual = false) => tensor.isclose(other, rtol, atol, nanEqual);
    public static Tensor logical_and(Tensor left, Tensor right) => left.logical_and(right);
    public static Tensor logical_or(Tensor left, Tensor right) => left.logical_or(right);
    public static Tensor logical_xor(Tensor left, Tensor right) => left.logical_xor(right);
    public static Tensor logical_not(Tensor input) => input.logical_not();
    public static Tensor any(Tensor input) => input.any();
    public static Tensor any(Tensor input, long dim, bool keepdim = false) => input.any(dim, keepdim);
    public static Tensor all(Tensor input) => input.all();
    public static Tensor all(Tensor input, long dim, bool keepdim = false) => input.all(dim, keepdim);
    public static Tensor masked_select(Tensor input, Tensor mask) => input.masked_select(mask);

    /// <summary>Whether all elements are within atol + rtol * |other| of <paramref name="other"/>.</summary>
    public static bool allclose(Tensor input, Tensor other, double rtol = 1e-5, double atol = 1e-8)
    {
        var a = input.detach().to(float64);
        var b = other.detach().to(float64);
        return ((a - b).abs() - (b.abs() * rtol + atol)).amax().item<double>() <= 0;
    }

    /// <summary>Special functions in PyTorch's argument order (torch.special).</summary>
    public static class special
    {
        /// <summary>The n-th derivative of digamma (PyTorch's and TorchSharp's torch.special.polygamma(n, input)).</summary>
        public static Tensor polygamma(long n, Tensor input) => input.polygamma(n);
    }
}
