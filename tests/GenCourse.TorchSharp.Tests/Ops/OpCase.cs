extern alias Embedded;

using ETensor = Embedded::GenCourse.Tensor;
using TTensor = TorchSharp.torch.Tensor;

namespace CrossEngine.Tests.Ops;

/// <summary>Where an op's random input values are drawn from (so that it is defined there).</summary>
public enum Domain
{
    /// <summary>Any real number: N(0, 1), sometimes scaled by 4.</summary>
    Real,
    /// <summary>(0, inf): log, sqrt, rsqrt, the base of a non-integer power.</summary>
    Positive,
    /// <summary>Reals away from 0: denominators, reciprocal.</summary>
    NonZero,
    /// <summary>(-1, 1): erfinv.</summary>
    Unit,
    /// <summary>(0, 1): probabilities (binary cross-entropy inputs).</summary>
    Probability,
    /// <summary>(-1, inf): log1p.</summary>
    AboveMinusOne,
    /// <summary>Reals off the poles -1, -2, ... of the gamma function (lgamma, digamma), with +-0 among the edges, where PyTorch defines them.</summary>
    Gamma,
    /// <summary>A few small integers with repeats, so that comparisons and max/min meet ties.</summary>
    Ties,
    /// <summary>0 or 1 as a float (turned into a condition with <c>gt(0.5)</c>).</summary>
    Mask,
    /// <summary>int64 indices in [0, <see cref="InputSpec.IndexBound"/>).</summary>
    Index,
    /// <summary>A torch.bool tensor, true or false at random (never differentiable).</summary>
    Bool,
}

/// <summary>One input of a random case: its shape, its value domain and whether its gradient is compared.</summary>
public sealed record InputSpec(long[] Shape, Domain Domain = Domain.Real, bool Grad = true)
{
    /// <summary>For <see cref="Domain.Index"/>: indices are drawn from [0, IndexBound).</summary>
    public long IndexBound { get; init; }

    /// <summary>Whether the input may be given as a non-contiguous view (transposed, strided, expanded, offset).</summary>
    public bool Views { get; init; } = true;

    /// <summary>Whether that view may be an expanded one (its values repeat along a dim).</summary>
    public bool Expand { get; init; } = true;

    public bool IsFloat => Domain is not (Domain.Index or Domain.Bool);
}

/// <summary>Scalar arguments of a random case (dims, flags, sizes); only the ones an op uses are set.</summary>
public sealed record Args
{
    public int Dim { get; init; }
    public int Dim2 { get; init; }
    public bool KeepDim { get; init; }
    public bool Flag { get; init; }
    public bool CeilMode { get; init; }
    public long N { get; init; }
    public double P { get; init; }
    public long[] Sizes { get; init; } = [];
    public long[] Dims { get; init; } = [];
    public string Text { get; init; } = "";

    public static readonly Args None = new();

    public override string ToString()
    {
        var parts = new List<string>();
        if (Dim != 0) parts.Add($"Dim = {Dim}");
        if (Dim2 != 0) parts.Add($"Dim2 = {Dim2}");
        if (KeepDim) parts.Add("KeepDim = true");
        if (Flag) parts.Add("Flag = true");
        if (CeilMode) parts.Add("CeilMode = true");
        if (N != 0) parts.Add($"N = {N}");
        if (P != 0) parts.Add($"P = {P:R}");
        if (Sizes.Length > 0) parts.Add($"Sizes = [{string.Join(", ", Sizes)}]");
        if (Dims.Length > 0) parts.Add($"Dims = [{string.Join(", ", Dims)}]");
        if (Text != "") parts.Add($"Text = \"{Text}\"");
        return parts.Count == 0 ? "Args.None" : $"new Args {{ {string.Join(", ", parts)} }}";
    }
}

/// <summary>The inputs and arguments of one random case of an op.</summary>
public sealed record Case(InputSpec[] Inputs, Args Args)
{
    public Case(params InputSpec[] inputs) : this(inputs, Args.None) { }
}

/// <summary>
/// One op both engines have: the same-named call on each (<see cref="Embedded"/>, <see cref="Torch"/>), a sampler of
/// random valid cases (shapes, domains, arguments), which inputs are differentiable (in the case's specs), and the
/// tolerances and exclusions that apply, each with its reason.
/// </summary>
public sealed record OpCase(
    string Name,
    Func<Random, Case> Sample,
    Func<ETensor[], Args, ETensor> Embedded,
    Func<TTensor[], Args, TTensor> Torch)
{
    /// <summary>Compare values only (the op is piecewise constant, or returns integers/booleans).</summary>
    public bool ForwardOnly { get; init; }

    /// <summary>Relative tolerance in float32 (elementwise, plus the same fraction of the output's largest magnitude).</summary>
    public double Float32Tolerance { get; init; } = OpDriver.Float32Tolerance;

    /// <summary>Relative tolerance in float64.</summary>
    public double Float64Tolerance { get; init; } = OpDriver.Float64Tolerance;

    /// <summary>Why this op's tolerances differ from the defaults.</summary>
    public string? ToleranceReason { get; init; }

    /// <summary>
    /// A pointwise op: its edge values include huge magnitudes (1e30, 1e300, exp's overflow edge), and its values are
    /// judged per element against the inputs' magnitudes. Ops that sum or mix elements get +-3 for anything beyond 25
    /// instead, since cancelling huge terms in a different order legitimately changes the result (and makes matrices
    /// ill-conditioned), and are judged against the output's median magnitude.
    /// </summary>
    public bool Pointwise { get; init; }

    /// <summary>Run cases with edge values (+-0, tiny, huge, ties, domain edges); null to run them, else why not.</summary>
    public string? NoEdgeValues { get; init; }

    /// <summary>Run forward-only cases with NaN and +-inf inputs; null to run them, else why not.</summary>
    public string? NoNonFinite { get; init; }

    /// <summary>In float32, compare with libtorch's float64 result instead of its float32 kernel; null to use float32, else why.</summary>
    public string? Float64Reference { get; init; }

    /// <summary>Where the two engines' signatures for this op differ (names, argument order, defaults, types).</summary>
    public string? ApiDifference { get; init; }

    public override string ToString() => Name;
}
