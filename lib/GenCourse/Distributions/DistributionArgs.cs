namespace GenCourse.Distributions;

/// <summary>Argument handling shared by the distributions: broadcasting parameters and checking their values.</summary>
internal static class DistributionArgs
{
    /// <summary>The parameters expanded to their common shape and converted to one floating-point dtype.</summary>
    public static Tensor[] Broadcast(string distribution, params (string name, Tensor value)[] parameters)
    {
        var shape = parameters[0].value.dims;
        foreach (var (_, value) in parameters.Skip(1))
        {
            try { shape = Shape.Broadcast(shape, value.dims, distribution); }
            catch (ArgumentException)
            {
                var listed = string.Join(", ", parameters.Select(p => $"{p.name} of shape {Shape.Format(p.value.dims)}"));
                throw new ArgumentException($"{distribution}: the parameters do not broadcast to one batch shape: {listed}");
            }
        }
        var dtype = CommonFloatType(parameters.Select(p => p.value).ToArray());
        var target = Array.ConvertAll(shape, d => (long)d);
        return parameters.Select(p => p.value.to(dtype).expand(target)).ToArray();
    }

    /// <summary>The floating dtype the tensors compute in together (int64 counts as the default dtype).</summary>
    public static ScalarType CommonFloatType(params Tensor[] tensors) =>
        tensors.Select(t => t.dtype.IsFloatingPoint() ? t.dtype : torch.get_default_dtype()).Aggregate(ScalarTypeExtensions.Promote);

    /// <summary>The one of probs and logits that was given (probs checked by <paramref name="checkProbs"/>); throws unless exactly one was.</summary>
    public static Tensor ExactlyOne(string distribution, Tensor? probs, Tensor? logits, Func<string, Tensor, Tensor> checkProbs)
    {
        if ((probs is null) == (logits is null))
            throw new ArgumentException($"{distribution}: pass exactly one of probs and logits, got {(probs is null ? "neither" : "both")}");
        return probs is null ? logits! : checkProbs("probs", probs);
    }

    /// <summary>The tensor itself if floating-point, else converted to the default dtype.</summary>
    public static Tensor Floating(Tensor t) => t.dtype.IsFloatingPoint() ? t : t.to(torch.get_default_dtype());

    public static Tensor Positive(string distribution, string name, Tensor value) =>
        Check(distribution, name, value, v => v > 0, "positive");

    public static Tensor Probability(string distribution, string name, Tensor value) =>
        Check(distribution, name, value, v => v >= 0 && v <= 1, "a probability in [0, 1]");

    public static Tensor NonNegative(string distribution, string name, Tensor value) =>
        Check(distribution, name, value, v => v >= 0 && !double.IsInfinity(v), "finite and non-negative");

    /// <summary>Returns <paramref name="value"/> when every element satisfies <paramref name="ok"/>; otherwise names the first that does not.</summary>
    static Tensor Check(string distribution, string name, Tensor value, Func<double, bool> ok, string expected)
    {
        if (!Distribution.ValidateArgs) return value;
        var data = value.detach().ToArray<double>();
        int bad = Array.FindIndex(data, v => !ok(v));
        if (bad >= 0)
            throw new ArgumentException(
                $"{distribution}: {name} must be {expected}, got {data[bad]}" +
                (value.dim() == 0 ? "" : $" at index {Shape.Format(Unravel(bad, value.dims))} of a tensor of shape {Shape.Format(value.dims)}"));
        return value;
    }

    static int[] Unravel(int flat, int[] shape)
    {
        var coords = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--) { coords[d] = flat % shape[d]; flat /= shape[d]; }
        return coords;
    }

    /// <summary>
    /// A derived parameter computed once, with gradient recording on (as PyTorch's lazy_property): computed first
    /// inside no_grad(), it would otherwise be cached without its graph and silently stop later gradients.
    /// </summary>
    public static Tensor Cached(ref Tensor? field, Func<Tensor> compute)
    {
        if (field is null)
            using (torch.enable_grad()) field = compute();
        return field;
    }

    /// <summary>Sums the last <paramref name="n"/> dims (turns per-element terms into per-event terms).</summary>
    public static Tensor SumRightmost(Tensor x, int n) => n == 0 ? x : x.sum(Enumerable.Range(-n, n).Select(d => (long)d).ToArray());

    /// <summary>log(1 + e^x) by the stable formula everywhere (no linear cut-off), so log-probabilities stay exact for large |x|.</summary>
    public static Tensor Softplus(Tensor x) => x.softplus(1, double.PositiveInfinity);

    /// <summary>The smallest positive normal number of the dtype (PyTorch's finfo.tiny).</summary>
    public static double Tiny(ScalarType dtype) => dtype == ScalarType.Float32 ? 1.1754943508222875e-38 : 2.2250738585072014e-308;

    /// <summary>The machine epsilon of the dtype (PyTorch's finfo.eps).</summary>
    public static double Eps(ScalarType dtype) => dtype == ScalarType.Float32 ? 1.1920928955078125e-07 : 2.220446049250313e-16;
}
