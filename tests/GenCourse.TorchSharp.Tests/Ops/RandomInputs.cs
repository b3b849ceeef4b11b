extern alias Embedded;

using ETensor = Embedded::GenCourse.Tensor;
using TTensor = TorchSharp.torch.Tensor;

namespace CrossEngine.Tests.Ops;

/// <summary>What a random case draws its values from: ordinary values, edge values, or NaN and infinities.</summary>
public enum ValueKind { Ordinary, Edge, NonFinite }

/// <summary>Random shapes, values and views for the op table and the expression graphs; everything comes from one seeded <see cref="Random"/>.</summary>
public static class RandomInputs
{
    /// <summary>A dimension size: mostly 2-5, often 1 (broadcasting, squeezing), sometimes 0 (empty tensors) when allowed.</summary>
    public static long Size(Random r, bool allowEmpty = true, int max = 5)
    {
        double u = r.NextDouble();
        if (allowEmpty && u < 0.04) return 0;
        if (u < 0.25) return 1;
        return r.Next(2, max + 1);
    }

    /// <summary>A random shape of rank in [minRank, maxRank] (rank 0 is a 0-d tensor).</summary>
    public static long[] Shape(Random r, int minRank = 0, int maxRank = 4, bool allowEmpty = true, int max = 5)
    {
        int rank = r.Next(minRank, maxRank + 1);
        var shape = new long[rank];
        for (int i = 0; i < rank; i++) shape[i] = Size(r, allowEmpty, max);
        return shape;
    }

    /// <summary>Two shapes that broadcast together: the second drops leading dims and turns some sizes into 1, then the two may swap.</summary>
    public static (long[] a, long[] b) Broadcastable(Random r, int minRank = 0, int maxRank = 4, bool allowEmpty = true)
    {
        var a = Shape(r, minRank, maxRank, allowEmpty);
        var b = a.Skip(r.Next(0, a.Length + 1)).Select(d => r.NextDouble() < 0.3 ? 1 : d).ToArray();
        if (r.NextDouble() < 0.3) b = a.Select(d => r.NextDouble() < 0.3 ? 1 : d).ToArray();
        return r.NextDouble() < 0.5 ? (a, b) : (b, a);
    }

    /// <summary>A dim of a tensor of rank <paramref name="rank"/>, negative half of the time (a 0-d tensor takes 0 or -1).</summary>
    public static int Dim(Random r, int rank)
    {
        int n = Math.Max(rank, 1);
        int d = r.Next(n);
        return r.NextDouble() < 0.5 ? d - n : d;
    }

    public static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    /// <summary>An ordinary value of the domain.</summary>
    public static double Ordinary(Random r, Domain domain) => domain switch
    {
        Domain.Real => Normal(r) * (r.NextDouble() < 0.2 ? 4 : 1),
        Domain.Positive => Math.Exp(Normal(r)),
        Domain.NonZero => (r.NextDouble() < 0.5 ? -1 : 1) * (0.25 + Math.Abs(Normal(r))),
        Domain.Unit => (2 * r.NextDouble() - 1) * 0.95,
        Domain.Probability => 0.02 + 0.96 * r.NextDouble(),
        Domain.AboveMinusOne => -1 + Math.Exp(Normal(r)),
        Domain.Gamma => Normal(r) * 3,
        Domain.Ties => r.Next(-2, 3),
        Domain.Mask => r.Next(2),
        _ => throw new ArgumentOutOfRangeException(nameof(domain), domain, "indices are drawn by Indices"),
    };

    /// <summary>
    /// Edge values of a domain in a dtype: signed zeros, subnormals, tiny and huge magnitudes, overflow edges of exp,
    /// softplus's threshold, exact ties and the domain's open ends approached from inside.
    /// </summary>
    public static double[] EdgeValues(Domain domain, bool float32)
    {
        double tiny = float32 ? 1e-30 : 1e-300, sub = float32 ? 1e-40 : 1e-310, huge = float32 ? 1e30 : 1e300;
        double expEdge = float32 ? 88.5 : 709.5, oneBelow = float32 ? 1 - Math.Pow(2, -24) : Math.BitDecrement(1.0);
        return domain switch
        {
            Domain.Real => [0.0, -0.0, 1, -1, 2, tiny, -tiny, sub, -sub, huge, -huge, 20, -20, expEdge, -expEdge, 1e8, -1e8],
            Domain.Positive => [tiny, sub, huge, 1, 2, 0.5, 1e-8, 1e8],
            Domain.NonZero => [tiny, -tiny, huge, -huge, 1, -1, 1e-8, -1e8],
            Domain.Unit => [0.0, -0.0, 0.999, -0.999, tiny, -tiny, 0.5, -0.5],
            Domain.Probability => [tiny, oneBelow, 0.5, 1e-8, 1 - 1e-7],
            Domain.AboveMinusOne => [-oneBelow, 0.0, -0.0, tiny, -tiny, huge, 1e-8, -1 + 1e-6],
            Domain.Gamma => [0.0, -0.0, tiny, -tiny, sub, -sub, 0.5, -0.5, -2.5, 1, 2, 1e8, huge],
            Domain.Ties => [0.0, -0.0, 1, -1, 2],
            _ => [],
        };
    }

    /// <summary>The non-finite values that belong to a domain's closure (+inf is a positive number's limit, -inf is not).</summary>
    public static double[] NonFiniteValues(Domain domain) => domain switch
    {
        Domain.Real or Domain.NonZero or Domain.Gamma => [double.NaN, double.PositiveInfinity, double.NegativeInfinity],
        Domain.Positive or Domain.AboveMinusOne => [double.NaN, double.PositiveInfinity],
        Domain.Unit or Domain.Probability => [double.NaN],
        _ => [],
    };

    /// <summary>Values of one input: ordinary ones, with some replaced by edge values or by NaN/+-inf.</summary>
    public static double[] Values(Random r, Domain domain, long count, ValueKind kind, bool float32)
    {
        var values = new double[count];
        var edges = EdgeValues(domain, float32);
        var nonFinite = NonFiniteValues(domain);
        for (long i = 0; i < count; i++)
        {
            values[i] = Ordinary(r, domain);
            double u = r.NextDouble();
            if (kind == ValueKind.Edge && edges.Length > 0 && u < 0.4) values[i] = edges[r.Next(edges.Length)];
            if (kind == ValueKind.NonFinite && nonFinite.Length > 0 && u < 0.3) values[i] = nonFinite[r.Next(nonFinite.Length)];
            if (float32) values[i] = (float)values[i];
        }
        return values;
    }

    public static long[] Indices(Random r, long count, long bound)
    {
        var values = new long[count];
        for (long i = 0; i < count; i++) values[i] = r.NextInt64(bound);
        return values;
    }

    public static long Numel(long[] shape) => shape.Aggregate(1L, (a, b) => a * b);

    public static string Format(long[] shape) => "[" + string.Join(", ", shape) + "]";
}

/// <summary>
/// How an input is made from a contiguous leaf: as it is, or as a non-contiguous view of a larger, transposed,
/// permuted or size-1 leaf. The gradient is compared on the leaf, so it passes through the view's backward too.
/// </summary>
public sealed record ViewRecipe(string Kind, long[] LeafShape, int A = 0, int B = 0, long[]? Target = null, long[]? Order = null)
{
    public static ViewRecipe Contiguous(long[] shape) => new("contiguous", shape);

    /// <summary>A random recipe that yields a tensor of <paramref name="shape"/>.</summary>
    public static ViewRecipe Random(Random r, long[] shape, bool expand = true)
    {
        int rank = shape.Length;
        double u = r.NextDouble();
        if (rank == 0 || u < 0.4) return Contiguous(shape);
        int d = r.Next(rank);
        if (u < 0.55 && rank >= 2)
        {
            int e = (d + 1 + r.Next(rank - 1)) % rank;
            var leaf = (long[])shape.Clone();
            (leaf[d], leaf[e]) = (leaf[e], leaf[d]);
            return new("transpose", leaf, d, e);
        }
        if (u < 0.65 && rank >= 3)
        {
            var order = Enumerable.Range(0, rank).OrderBy(_ => r.Next()).Select(d => (long)d).ToArray();
            var leaf = new long[rank];
            for (int i = 0; i < rank; i++) leaf[order[i]] = shape[i];
            return new("permute", leaf, Order: order);
        }
        if (u < 0.75)
        {
            var leaf = (long[])shape.Clone();
            leaf[d] = shape[d] * 2;
            return new("slice", leaf, d);
        }
        if (u < 0.85 || !expand)
        {
            var leaf = (long[])shape.Clone();
            leaf[d] = shape[d] + 1;
            return new("narrow", leaf, d);
        }
        var small = (long[])shape.Clone();
        small[d] = 1;
        int lead = r.NextDouble() < 0.3 ? 1 : 0;
        return new("expand", small[lead..], d, Target: shape);
    }

    public ETensor Apply(ETensor leaf) => Kind switch
    {
        "transpose" => leaf.transpose(A, B),
        "permute" => leaf.permute(Order!),
        "slice" => leaf.slice(A, 0, LeafShape[A], 2),
        "narrow" => leaf.narrow(A, 1, LeafShape[A] - 1),
        "expand" => leaf.expand(Target!),
        _ => leaf,
    };

    public TTensor Apply(TTensor leaf) => Kind switch
    {
        "transpose" => leaf.transpose(A, B),
        "permute" => leaf.permute(Order!),
        "slice" => leaf.slice(A, 0, LeafShape[A], 2),
        "narrow" => leaf.narrow(A, 1, LeafShape[A] - 1),
        "expand" => leaf.expand(Target!),
        _ => leaf,
    };

    /// <summary>The view as C# applied to a leaf named <paramref name="leaf"/>.</summary>
    public string Describe(string leaf) => Kind switch
    {
        "transpose" => $"{leaf}.transpose({A}, {B})",
        "permute" => $"{leaf}.permute({string.Join(", ", Order!)})",
        "slice" => $"{leaf}.slice({A}, 0, {LeafShape[A]}, 2)",
        "narrow" => $"{leaf}.narrow({A}, 1, {LeafShape[A] - 1})",
        "expand" => $"{leaf}.expand({string.Join(", ", Target!)})",
        _ => leaf,
    };
}
