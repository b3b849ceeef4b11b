using GenCourse.Kernels;
namespace GenCourse;

// Reductions along dimensions; backward broadcasts the gradient back over the reduced dimensions.
public partial class Tensor
{
    int[] ReduceDims(long[]? dimsToReduce, string op)
    {
        if (dimsToReduce == null || dimsToReduce.Length == 0) return Enumerable.Range(0, dims.Length).ToArray();
        var wrapped = dimsToReduce.Select(d => Shape.WrapDim(d, dims.Length, op)).Distinct().OrderBy(d => d).ToArray();
        if (wrapped.Length != dimsToReduce.Length) throw new ArgumentException($"{op}: repeated dimension in {Shape.Format(dimsToReduce)}");
        return dims.Length == 0 ? [] : wrapped;
    }

    static int[] KeptShape(int[] shape, int[] reduced) =>
        shape.Select((d, i) => reduced.Contains(i) ? 1 : d).ToArray();

    static int[] DroppedShape(int[] shape, int[] reduced) =>
        shape.Where((_, i) => !reduced.Contains(i)).ToArray();

    /// <summary>Sum over the sorted dims (not recorded): consecutive dims are merged into one [outer, r, inner] pass.</summary>
    static Tensor SumData(Tensor x, int[] reduced)
    {
        if (reduced.Length == 0) return Elementwise.Convert(x, x.dtype);
        x = x.ContiguousData();
        var shape = (int[])x.dims.Clone();
        for (int end = reduced.Length - 1; end >= 0;)
        {
            int start = end;
            while (start > 0 && reduced[start - 1] == reduced[start] - 1) start--;
            int first = reduced[start], last = reduced[end];
            int outer = 1, r = 1, inner = 1;
            for (int i = 0; i < first; i++) outer *= shape[i];
            for (int i = first; i <= last; i++) r *= shape[i];
            for (int i = last + 1; i < shape.Length; i++) inner *= shape[i];
            for (int i = first; i <= last; i++) shape[i] = 1;
            var y = Empty(x.dtype, (int[])shape.Clone());
            switch (x.dtype)
            {
                case ScalarType.Float32: ReduceKernels.Sum(x.Data<float>(), x.offset, outer, r, inner, y.Data<float>()); break;
                case ScalarType.Float64: ReduceKernels.Sum(x.Data<double>(), x.offset, outer, r, inner, y.Data<double>()); break;
                default: ReduceKernels.Sum(x.Data<long>(), x.offset, outer, r, inner, y.Data<long>()); break;
            }
            x = y;
            end = start - 1;
        }
        return x;
    }

    /// <summary>This tensor, with a bool one as int64 0/1: PyTorch sums, multiplies and accumulates bools as int64.</summary>
    Tensor Counted() => dtype == ScalarType.Bool ? Cast(ScalarType.Int64) : this;

    /// <summary>Gradient of a reduction: reinsert the reduced dims and broadcast to the input shape.</summary>
    static Tensor Unreduce(Tensor g, int[] inputShape, int[] reduced, bool keepdim) =>
        (keepdim ? g : g.reshape(Array.ConvertAll(KeptShape(inputShape, reduced), d => (long)d)))
            .expand(Array.ConvertAll(inputShape, d => (long)d));

    public Tensor sum() => SumOver(ReduceDims(null, "sum"), false);

    public Tensor sum(long dim, bool keepdim = false) => sum([dim], keepdim);

    /// <summary>Sum over <paramref name="dim"/> (all dims when empty).</summary>
    public Tensor sum(long[] dim, bool keepdim = false) => SumOver(ReduceDims(dim, "sum"), keepdim);

    /// <summary>Sum over the sorted, wrapped dims <paramref name="reduced"/>.</summary>
    Tensor SumOver(int[] reduced, bool keepdim)
    {
        var y = SumData(Counted(), reduced);
        if (!keepdim) y = new Tensor(y.storage, DroppedShape(dims, reduced), Shape.ContiguousStrides(DroppedShape(dims, reduced)), 0);
        var inputShape = dims;
        return Engine.Record(y, "SumBackward", [this], g => [Unreduce(g, inputShape, reduced, keepdim)]);
    }

    public Tensor mean() => MeanOver(ReduceDims(null, "mean"), false);

    /// <summary>Mean over one dim (the embedded engine's shorthand; TorchSharp has only the array form).</summary>
    public Tensor mean(long dim, bool keepdim = false) => mean([dim], keepdim);

    /// <summary>Mean over <paramref name="dimensions"/> (all dims when empty).</summary>
    public Tensor mean(long[] dimensions, bool keepdim = false) => MeanOver(ReduceDims(dimensions, "mean"), keepdim);

    Tensor MeanOver(int[] reduced, bool keepdim)
    {
        RequireFloat("mean");
        long n = 1;
        foreach (var d in reduced) n *= dims[d];
        return SumOver(reduced, keepdim) / n;
    }

    /// <summary>Variance over all elements, with Bessel's correction by default (<paramref name="unbiased"/>), like torch.var.</summary>
    public Tensor var(bool unbiased = true) => VarOver(ReduceDims(null, "var"), unbiased, false);

    public Tensor var(long dim, bool unbiased = true, bool keepdim = false) => var([dim], unbiased, keepdim);

    /// <summary>Variance over <paramref name="dimensions"/> (all dims when empty).</summary>
    public Tensor var(long[] dimensions, bool unbiased = true, bool keepdim = false) => VarOver(ReduceDims(dimensions, "var"), unbiased, keepdim);

    Tensor VarOver(int[] reduced, bool unbiased, bool keepdim)
    {
        RequireFloat("var");
        // float32 is accumulated in double, as PyTorch's CPU kernel does: squares of values below 1e-19 underflow in float32
        if (dtype == ScalarType.Float32) return to(ScalarType.Float64).VarOver(reduced, unbiased, keepdim).to(ScalarType.Float32);
        long n = 1;
        foreach (var d in reduced) n *= dims[d];
        var centered = this - MeanOver(reduced, keepdim: true);
        return (centered * centered).SumOver(reduced, keepdim) / Math.Max(n - (unbiased ? 1 : 0), 0);
    }

    /// <summary>The square root of <see cref="var(bool)"/>; its gradient is 0 where it is 0 (all values equal), as in PyTorch.</summary>
    public Tensor std(bool unbiased = true) => StdOver(ReduceDims(null, "std"), unbiased, false);

    public Tensor std(long dim, bool unbiased = true, bool keepdim = false) => std([dim], unbiased, keepdim);

    public Tensor std(long[] dimensions, bool unbiased = true, bool keepdim = false) => StdOver(ReduceDims(dimensions, "std"), unbiased, keepdim);

    Tensor StdOver(int[] reduced, bool unbiased, bool keepdim) =>
        dtype == ScalarType.Float32
            ? to(ScalarType.Float64).StdOver(reduced, unbiased, keepdim).to(ScalarType.Float32)   // in double, like var
            : VarOver(reduced, unbiased, keepdim).PowZeroGradientAtZero(0.5);

    /// <summary>Max/min along one dim with its index, not recorded (values are taken with a differentiable gather).</summary>
    (Tensor values, Tensor indices) Extreme(int dim, bool max, string op)
    {
        if (dtype == ScalarType.Bool)
        {
            var (v, i) = Counted().Extreme(dim, max, op);
            return (v.Cast(ScalarType.Bool), i);
        }
        int d = Shape.WrapDim(dim, dims.Length, op);
        if (dims.Length > 0 && dims[d] == 0)
            throw new ArgumentException($"{op}: cannot reduce over dimension {dim} of size 0 (shape {Shape.Format(dims)})");
        var x = ContiguousData();
        if (dims.Length == 0) return (x, torch.zeros([], dtype: ScalarType.Int64));
        var (outer, _, inner) = Split3(d);
        var shape = KeptShape(dims, [d]);
        var values = Empty(dtype, shape);
        var indices = Empty(ScalarType.Int64, shape);
        switch (dtype)
        {
            case ScalarType.Float32: ReduceKernels.ArgExtreme(x.Data<float>(), x.offset, outer, dims[d], inner, max, values.Data<float>(), indices.Data<long>()); break;
            case ScalarType.Float64: ReduceKernels.ArgExtreme(x.Data<double>(), x.offset, outer, dims[d], inner, max, values.Data<double>(), indices.Data<long>()); break;
            default: ReduceKernels.ArgExtreme(x.Data<long>(), x.offset, outer, dims[d], inner, max, values.Data<long>(), indices.Data<long>()); break;
        }
        return (values, indices);
    }

    /// <summary>Largest value along <paramref name="dim"/> and its index (the gradient goes to that index).</summary>
    public (Tensor values, Tensor indexes) max(long dim, bool keepdim = false)
    {
        int d = Shape.WrapDim(dim, dims.Length, "max");
        var (_, indices) = Extreme(d, true, "max");
        return GatherExtreme(d, keepdim, indices);
    }

    public (Tensor values, Tensor indexes) min(long dim, bool keepdim = false)
    {
        int d = Shape.WrapDim(dim, dims.Length, "min");
        var (_, indices) = Extreme(d, false, "min");
        return GatherExtreme(d, keepdim, indices);
    }

    (Tensor, Tensor) GatherExtreme(int dim, bool keepdim, Tensor indices)
    {
        if (dims.Length == 0) return (this, indices);
        var values = gather(dim, indices);
        return keepdim ? (values, indices) : (values.squeeze(dim), indices.squeeze(dim));
    }

    public Tensor argmax(int dim, bool keepdim = false)
    {
        var (_, indices) = Extreme(dim, true, "argmax");
        return keepdim || dims.Length == 0 ? indices : indices.squeeze(dim);
    }

    public Tensor argmin(int dim, bool keepdim = false)
    {
        var (_, indices) = Extreme(dim, false, "argmin");
        return keepdim || dims.Length == 0 ? indices : indices.squeeze(dim);
    }

    /// <summary>Index of the largest element of the flattened tensor.</summary>
    public Tensor argmax() => reshape(-1).argmax(0);

    public Tensor argmin() => reshape(-1).argmin(0);

    /// <summary>Largest value over <paramref name="dims"/> (all when empty); ties share the gradient evenly (PyTorch's amax rule).</summary>
    public Tensor amax(long[] dims, bool keepdim = false) => AExtreme(ReduceDims(dims, "amax"), keepdim, true, "amax");

    /// <summary>amax over the given dims, as in TorchSharp's amax(params long[] dims): <c>x.amax(0, 1)</c>.</summary>
    public Tensor amax(params long[] dims) => amax(dims, false);

    public Tensor amin(long[] dims, bool keepdim = false) => AExtreme(ReduceDims(dims, "amin"), keepdim, false, "amin");

    public Tensor amin(params long[] dims) => amin(dims, false);

    /// <summary>Largest element of the whole tensor.</summary>
    public Tensor max() => amax();

    public Tensor min() => amin();

    Tensor AExtreme(int[] reduced, bool keepdim, bool max, string op)
    {
        Tensor values = this.detach();
        foreach (var d in Enumerable.Reverse(reduced)) values = values.Extreme(d, max, op).values;
        var kept = values;
        if (!keepdim) values = values.reshape(Array.ConvertAll(DroppedShape(dims, reduced), d => (long)d));
        var x = this;
        return Engine.Record(values, max ? "AmaxBackward" : "AminBackward", [this], g =>
        {
            var mask = x.eq(kept).to(x.dtype);
            var share = mask / mask.SumOver(reduced, keepdim: true);
            return [Unreduce(g, x.dims, reduced, keepdim) * share];
        }, this);
    }

    /// <summary>log(sum(exp(x))) over dims, computed stably by subtracting the max first.</summary>
    /// <summary>logsumexp over several dims (the embedded engine's extension; TorchSharp has only the one-dim form).</summary>
    public Tensor logsumexp(long[] dim, bool keepdim = false)
    {
        RequireFloat("logsumexp");
        var reduced = ReduceDims(dim, "logsumexp");
        // the max is subtracted for stability; an empty tensor has none (its sums are 0 and their logs -inf)
        var m = Count == 0 ? Zeros(dtype, KeptShape(dims, reduced)) : AExtreme(reduced, true, true, "logsumexp").detach();
        m = torch.where(m.abs().eq(double.PositiveInfinity), 0.0, m);
        var result = (this - m).exp().SumOver(reduced, keepdim: true).log() + m;
        return keepdim ? result : result.reshape(Array.ConvertAll(DroppedShape(dims, reduced), d => (long)d));
    }

    public Tensor logsumexp(long dim, bool keepdim = false) => logsumexp([dim], keepdim);

    public Tensor softmax(int dim) => (this - logsumexp(dim, keepdim: true)).exp();

    public Tensor log_softmax(int dim) => this - logsumexp(dim, keepdim: true);

    /// <summary>
    /// Product of all elements (1 for an empty tensor). TorchSharp's prod(ScalarType? type = null) is left out on purpose:
    /// a literal 0 converts to any enum, so there <c>x.prod(0)</c> binds to it and multiplies everything as uint8.
    /// </summary>
    public Tensor prod() => Counted().reshape(-1).ProdAlong(0, false);

    /// <summary>Product along <paramref name="dim"/>, computed in <paramref name="type"/> when given; d/dx_i = the product of the others along dim.</summary>
    public Tensor prod(long dim, bool keepdim = false, ScalarType? type = null) =>
        (type is ScalarType t ? to(t) : Counted()).ProdAlong(Shape.WrapDim(dim, dims.Length, "prod"), keepdim);

    Tensor ProdAlong(int d, bool keepdim)
    {
        var x = ContiguousData();
        var (outer, r, inner) = dims.Length == 0 ? (1, 1, 1) : Split3(d);
        var kept = Empty(dtype, KeptShape(dims, [d]));
        switch (dtype)
        {
            case ScalarType.Float32: ReduceKernels.Prod(x.Data<float>(), x.offset, outer, r, inner, kept.Data<float>()); break;
            case ScalarType.Float64: ReduceKernels.Prod(x.Data<double>(), x.offset, outer, r, inner, kept.Data<double>()); break;
            default: ReduceKernels.Prod(x.Data<long>(), x.offset, outer, r, inner, kept.Data<long>()); break;
        }
        var shape = keepdim || dims.Length == 0 ? kept.dims : DroppedShape(dims, [d]);
        var y = new Tensor(kept.storage, shape, Shape.ContiguousStrides(shape), 0);
        if (!dtype.IsFloatingPoint()) return y;
        var input = this;
        return Engine.Record(y, "ProdBackward", [this], g =>
        {
            if (input.dims.Length == 0) return [g];
            var gk = keepdim ? g : g.unsqueeze(d);
            // without zeros the product of the others is y / x_i, as in PyTorch; with zeros it is taken explicitly
            if (input.detach().eq(0).sum().ToDouble() == 0) return [gk * (keepdim ? y : y.unsqueeze(d)) / input];
            return [gk * input.ProductOfOthers(d)];
        }, this);
    }

    /// <summary>For each x_i along dim d, the product of the other entries: row i of the matrix x with its diagonal set to 1.</summary>
    Tensor ProductOfOthers(int d)
    {
        int r = dims[d];
        var last = transpose(d, -1);
        var rows = last.unsqueeze(-2).expand([.. last.shape[..^1], r, r]);
        return torch.where(torch.eye(r, dtype: ScalarType.Bool), 1.0, rows).prod(-1).transpose(d, -1);
    }

    /// <summary>Running sum along a dim; its gradient is the reversed running sum.</summary>
    public Tensor cumsum(int dim)
    {
        int d = Shape.WrapDim(dim, dims.Length, "cumsum");
        var x = Counted().ContiguousData();
        var y = Empty(x.dtype, dims);
        var (outer, r, inner) = dims.Length == 0 ? (1, 1, 1) : Split3(d);
        if (Count > 0)
            switch (x.dtype)
            {
                case ScalarType.Float32: ReduceKernels.CumSum(x.Data<float>(), x.offset, outer, r, inner, y.Data<float>()); break;
                case ScalarType.Float64: ReduceKernels.CumSum(x.Data<double>(), x.offset, outer, r, inner, y.Data<double>()); break;
                default: ReduceKernels.CumSum(x.Data<long>(), x.offset, outer, r, inner, y.Data<long>()); break;
            }
        // a 0-d tensor is its own running sum
        return Engine.Record(y, "CumsumBackward", [this], g => [dims.Length == 0 ? g : g.flip(d).cumsum(d).flip(d)]);
    }

    /// <summary>The p-norm of all elements (2-norm by default); its gradient is 0 where the norm is 0, as in PyTorch.</summary>
    public Tensor norm(float p = 2) => VectorNorm(p, ReduceDims(null, "norm"), false);

    /// <summary>The p-norm along <paramref name="dim"/> (TorchSharp's order: dim, keepdim, p).</summary>
    public Tensor norm(int dim, bool keepdim = false, float p = 2) => VectorNorm(p, ReduceDims([dim], "norm"), keepdim);

    /// <summary>The p-norm over the sorted, wrapped dims <paramref name="reduced"/> (torch.linalg.vector_norm).</summary>
    internal Tensor VectorNorm(double p, int[] reduced, bool keepdim)
    {
        RequireFloat("norm");
        if (p == 2) return (this * this).SumOver(reduced, keepdim).PowZeroGradientAtZero(0.5);
        if (p == 1) return abs().SumOver(reduced, keepdim);
        if (p == 0) return ne(0).to(dtype).SumOver(reduced, keepdim);   // the count of non-zeros, piecewise constant
        if (double.IsInfinity(p)) return abs().AExtreme(reduced, keepdim, p > 0, "norm");
        return abs().PowZeroGradientAtZero(p).SumOver(reduced, keepdim).PowZeroGradientAtZero(1 / p);
    }

    internal Tensor VectorNorm(double p, long[]? dims, bool keepdim) => VectorNorm(p, ReduceDims(dims, "vector_norm"), keepdim);

    /// <summary>this^p with gradient 0 where this is 0 (PyTorch's subgradient for std and the norms) instead of p 0^(p-1), infinite for p &lt; 1.</summary>
    Tensor PowZeroGradientAtZero(double p)
    {
        var x = this;
        var y = p == 0.5 ? Elementwise.Map(this, UnaryOp.Sqrt) : Elementwise.Map(this, UnaryOp.PowScalar, p);
        return Engine.Record(y, "PowBackward", [this], g => [torch.where(x.eq(0), 0.0, g * x.pow(p - 1) * p)], this);
    }
}
