namespace GenCourse;

// Tensor creation: constants, ranges, data from arrays, and random tensors drawn from a Generator.
public static partial class torch
{
    static Tensor Filled(long[] size, double value, ScalarType? dtype, Device? device, bool requires_grad, string op)
    {
        RequireCpu(device, op);
        var t = Tensor.Zeros(dtype ?? defaultDType, Shape.ToInt(size));
        if (value != 0) t.FillData(value);
        return t.requires_grad_(requires_grad);
    }

    // Factory arguments follow TorchSharp: (size, dtype, device, requires_grad), then generator for random ones.
    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Filled(size, 0, dtype, device, requires_grad, "zeros");
    public static Tensor zeros(params long[] size) => zeros(size, null);
    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Filled(size, 1, dtype, device, requires_grad, "ones");
    public static Tensor ones(params long[] size) => ones(size, null);
    public static Tensor full(long[] size, double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Filled(size, value, dtype, device, requires_grad, "full");
    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Filled(size, 0, dtype, device, requires_grad, "empty");
    public static Tensor empty(params long[] size) => empty(size, null);

    public static Tensor zeros_like(Tensor t, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros(t.shape, dtype ?? t.dtype, device, requires_grad);
    public static Tensor ones_like(Tensor t, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones(t.shape, dtype ?? t.dtype, device, requires_grad);
    public static Tensor full_like(Tensor t, double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => full(t.shape, value, dtype ?? t.dtype, device, requires_grad);
    public static Tensor empty_like(Tensor t, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => empty(t.shape, dtype ?? t.dtype, device, requires_grad);

    /// <summary>Values start, start+step, ... below end (int64 when all arguments are whole numbers and no dtype is given).</summary>
    public static Tensor arange(double start, double end, double step, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        RequireCpu(device, "arange");
        if (step == 0 || (end - start) / step < 0 && end != start)
            throw new ArgumentException($"arange: step {step} does not lead from {start} to {end}");
        long n = Math.Max(0, (long)Math.Ceiling((end - start) / step));
        bool whole = start == Math.Floor(start) && end == Math.Floor(end) && step == Math.Floor(step);
        var type = dtype ?? (whole ? ScalarType.Int64 : defaultDType);
        var values = new double[n];
        for (long i = 0; i < n; i++) values[i] = start + i * step;
        return FromDoubles(values, [n], type).requires_grad_(requires_grad);
    }

    public static Tensor arange(double start, double end, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => arange(start, end, 1, dtype, device, requires_grad);

    public static Tensor arange(double end, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => arange(0, end, 1, dtype, device, requires_grad);

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        RequireCpu(device, "linspace");
        if (steps < 0) throw new ArgumentException($"linspace: steps must be non-negative, got {steps}");
        var values = new double[steps];
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        int half = (int)Math.Max(steps / 2, 1);   // the first half counts from start, the rest back from end; one step is start
        for (int i = 0; i < steps; i++) values[i] = i < half ? start + i * step : end - (steps - 1 - i) * step;
        return FromDoubles(values, [steps], dtype ?? defaultDType).requires_grad_(requires_grad);
    }

    /// <summary>Identity matrix of n rows and m (default n) columns.</summary>
    public static Tensor eye(long n, long m = -1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        RequireCpu(device, "eye");
        long cols = m < 0 ? n : m;
        var values = new double[n * cols];
        for (long i = 0; i < Math.Min(n, cols); i++) values[i * cols + i] = 1;
        return FromDoubles(values, [n, cols], dtype ?? defaultDType).requires_grad_(requires_grad);
    }

    internal static Tensor FromDoubles(double[] values, long[] shape, ScalarType dtype) =>
        Tensor.FromArray(values, ScalarType.Float64, Shape.ToInt(shape)).Cast(dtype);

    static int[] CheckData(int length, ReadOnlySpan<long> shape, string what)
    {
        var dims = Shape.ToInt(shape);
        if (Shape.Numel(dims) != length)
            throw new ArgumentException($"tensor: {length} {what} values cannot have shape {Shape.Format(shape)}");
        return dims;
    }

    /// <summary>A tensor holding a copy of <paramref name="data"/> (shape defaults to 1-D).</summary>
    public static Tensor tensor(float[] data, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromArray((float[])data.Clone(), ScalarType.Float32, CheckData(data.Length, dimensions, "float"), dtype, device, requires_grad);

    public static Tensor tensor(float[] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => tensor(data, [data.Length], dtype, device, requires_grad);

    public static Tensor tensor(double[] data, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromArray((double[])data.Clone(), ScalarType.Float64, CheckData(data.Length, dimensions, "double"), dtype, device, requires_grad);

    public static Tensor tensor(double[] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => tensor(data, [data.Length], dtype, device, requires_grad);

    public static Tensor tensor(long[] data, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromArray((long[])data.Clone(), ScalarType.Int64, CheckData(data.Length, dimensions, "long"), dtype, device, requires_grad);

    public static Tensor tensor(long[] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => tensor(data, [data.Length], dtype, device, requires_grad);

    public static Tensor tensor(bool[] data, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromArray((bool[])data.Clone(), ScalarType.Bool, CheckData(data.Length, dimensions, "bool"), dtype, device, requires_grad);

    public static Tensor tensor(bool[] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => tensor(data, [data.Length], dtype, device, requires_grad);

    /// <summary>A 0-dimensional bool tensor holding one value.</summary>
    public static Tensor tensor(bool value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => tensor(new[] { value }, [], dtype, device, requires_grad);

    public static Tensor tensor(int[] data, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        tensor(Array.ConvertAll(data, v => (long)v), dimensions, dtype, device, requires_grad);

    public static Tensor tensor(int[] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => tensor(data, [data.Length], dtype, device, requires_grad);

    public static Tensor tensor(float[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        tensor(data.Cast<float>().ToArray(), [data.GetLength(0), data.GetLength(1)], dtype, device, requires_grad);

    public static Tensor tensor(double[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        tensor(data.Cast<double>().ToArray(), [data.GetLength(0), data.GetLength(1)], dtype, device, requires_grad);

    /// <summary>A 0-dimensional tensor holding one value (float64 for a double, as in TorchSharp).</summary>
    public static Tensor tensor(double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        tensor(new[] { value }, [], dtype, device, requires_grad);

    /// <summary>A 0-dimensional float32 tensor holding one value.</summary>
    public static Tensor tensor(float value, Device? device = null, bool requires_grad = false) =>
        tensor(new[] { value }, [], null, device, requires_grad);

    public static Tensor tensor(long value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => tensor(new[] { value }, [], dtype, device, requires_grad);

    static Tensor FromArray(Array values, ScalarType type, int[] shape, ScalarType? dtype, Device? device, bool requires_grad)
    {
        RequireCpu(device, "tensor");
        return Tensor.FromArray(values, type, shape).Cast(dtype ?? type).requires_grad_(requires_grad);
    }

    /// <summary>Uniform samples on [0, 1).</summary>
    public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        RequireCpu(device, "rand");
        return zeros(size, dtype).uniform_(0, 1, generator).requires_grad_(requires_grad);
    }

    public static Tensor rand(params long[] size) => rand(size, null);

    /// <summary>Standard normal samples.</summary>
    public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        RequireCpu(device, "randn");
        return zeros(size, dtype).normal_(0, 1, generator).requires_grad_(requires_grad);
    }

    public static Tensor randn(params long[] size) => randn(size, null);

    public static Tensor rand_like(Tensor t, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        rand(t.shape, dtype ?? t.dtype, device, requires_grad);

    public static Tensor randn_like(Tensor t, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        randn(t.shape, dtype ?? t.dtype, device, requires_grad);

    /// <summary>Uniform integers in [low, high) (int64 unless a dtype is given).</summary>
    public static Tensor randint(long low, long high, long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        RequireCpu(device, "randint");
        if (high <= low) throw new ArgumentException($"randint: high ({high}) must be greater than low ({low})");
        var gen = Gen(generator);
        var values = new long[Shape.Numel(Shape.ToInt(size))];
        for (int i = 0; i < values.Length; i++) values[i] = low + gen.NextInt64(high - low);
        return Tensor.FromArray(values, ScalarType.Int64, Shape.ToInt(size)).Cast(dtype ?? ScalarType.Int64).requires_grad_(requires_grad);
    }

    public static Tensor randint(long high, long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) =>
        randint(0, high, size, dtype, device, requires_grad, generator);

    /// <summary>A random permutation of 0..n-1 (Fisher-Yates).</summary>
    public static Tensor randperm(long n, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        RequireCpu(device, "randperm");
        var gen = Gen(generator);
        var values = new long[n];
        for (long i = 0; i < n; i++) values[i] = i;
        for (long i = n - 1; i > 0; i--)
        {
            long j = gen.NextInt64(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
        return Tensor.FromArray(values, ScalarType.Int64, [(int)n]).Cast(dtype ?? ScalarType.Int64).requires_grad_(requires_grad);
    }

    /// <summary>Samples from N(mean, std^2) elementwise (tensor mean/std broadcast).</summary>
    public static Tensor normal(Tensor mean, Tensor std, Generator? generator = null) =>
        mean + std * randn(Shape.Broadcast(mean.dims, std.dims, "normal").Select(d => (long)d).ToArray(), mean.dtype, generator: generator);

    /// <summary>1 with probability p (elementwise), else 0.</summary>
    public static Tensor bernoulli(Tensor probs, Generator? generator = null)
    {
        var p = probs.ContiguousData().ToArray<double>();
        var gen = Gen(generator);
        var values = new double[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            if (!(p[i] >= 0 && p[i] <= 1)) throw new ArgumentException($"bernoulli: probabilities must be in [0, 1], got {p[i]} at flat index {i}");
            values[i] = gen.NextDouble() < p[i] ? 1 : 0;
        }
        return FromDoubles(values, probs.shape, probs.dtype.IsFloatingPoint() ? probs.dtype : defaultDType);
    }

    /// <summary>
    /// Draws <paramref name="num_samples"/> category indices per row from unnormalised non-negative weights
    /// (1-D or 2-D input), with or without replacement; returns int64.
    /// </summary>
    public static Tensor multinomial(Tensor input, long num_samples, bool replacement = false, Generator? generator = null)
    {
        if (input.dim() is not (1 or 2)) throw new ArgumentException($"multinomial: expects a 1-D or 2-D tensor of weights, got shape {Shape.Format(input.dims)}");
        var rows = input.dim() == 1 ? input.unsqueeze(0) : input;
        int n = rows.dims[0], k = rows.dims[1];
        if (!replacement && num_samples > k)
            throw new ArgumentException($"multinomial: cannot draw {num_samples} samples without replacement from {k} categories");
        var w = rows.ContiguousData().ToArray<double>();
        var gen = Gen(generator);
        var result = new long[n * num_samples];
        for (int r = 0; r < n; r++)
        {
            var weights = w.AsSpan(r * k, k).ToArray();
            foreach (var v in weights)
                if (!(v >= 0) || double.IsInfinity(v)) throw new ArgumentException($"multinomial: weights must be finite and non-negative, row {r} has {v}");
            for (int s = 0; s < num_samples; s++)
            {
                double total = weights.Sum();
                if (total <= 0) throw new ArgumentException($"multinomial: row {r} has no positive weight left to sample from");
                double u = gen.NextDouble() * total, acc = 0;
                int chosen = k - 1;
                for (int c = 0; c < k; c++)
                {
                    acc += weights[c];
                    if (u < acc && weights[c] > 0) { chosen = c; break; }
                }
                while (weights[chosen] <= 0) chosen--;
                result[r * num_samples + s] = chosen;
                if (!replacement) weights[chosen] = 0;
            }
        }
        var t = Tensor.FromArray(result, ScalarType.Int64, [n, (int)num_samples]);
        return input.dim() == 1 ? t.squeeze(0) : t;
    }
}
