extern alias Embedded;

using E = Embedded::GenCourse.torch;
using EF = Embedded::GenCourse.torch.nn.functional;
using T = TorchSharp.torch;
using TF = TorchSharp.torch.nn.functional;
using static CrossEngine.Tests.Ops.RandomInputs;

namespace CrossEngine.Tests.Ops;

public static partial class OpTable
{
    // Scalar operands and parameters are drawn from small sets that include PyTorch's special cases (0, 1, 2, ties).
    static readonly double[] Scalars = [0, 1, -1, 2, 0.5, -3.5, 1e-3];
    static readonly double[] NonZeroScalars = [1, -1, 2, 0.5, -3.5, 0.7, -0.3];

    const string RemainderOverflow = "libtorch's vectorised remainder computes a - b floor(a / b), which is NaN where a / b overflows (-1e30 remainder -1e-30 in float32); " +
        "the engine corrects fmod's sign as PyTorch's scalar kernel and Python's % do, and is exact there. Ties and remainder(scalar) keep edge values";
    static readonly double[] IntegerPowers = [0, 1, 2, 3, -1, -2];
    static readonly double[] RealPowers = [0.5, 1.5, -0.5, 2.5, -1.3, 1e-3];

    static OpCase WithScalar(string name, Func<Embedded::GenCourse.Tensor, double, Embedded::GenCourse.Tensor> e, Func<TorchSharp.torch.Tensor, double, TorchSharp.torch.Tensor> t, Domain domain = Domain.Real) =>
        One(name, r => new Case([In(Shape(r), domain)], new Args { P = Scalars[r.Next(Scalars.Length)] }), (x, a) => e(x, a.P), (x, a) => t(x, a.P)) with { Pointwise = true };

    const string GammaFloat32 = "libtorch evaluates lgamma, digamma and polygamma in float32 arithmetic (1e-4 relative error near 0), the engine in double";

    const string ErfinvTolerance = "erfinv is ill-conditioned towards +-1 (condition ~1e3 at 0.999): libtorch's float32 kernel refines in float32, the engine in double";

    static IEnumerable<OpCase> Elementwise() =>
    [
        Unary("neg", x => x.neg(), x => x.neg()),
        Unary("-x", x => -x, x => -x),
        Unary("abs", x => x.abs(), x => x.abs()),
        Unary("exp", x => x.exp(), x => x.exp()),
        Unary("log", x => x.log(), x => x.log(), Domain.Positive),
        Unary("log1p", x => x.log1p(), x => x.log1p(), Domain.AboveMinusOne),
        Unary("expm1", x => x.expm1(), x => x.expm1()),
        Unary("sqrt", x => x.sqrt(), x => x.sqrt(), Domain.Positive),
        Unary("rsqrt", x => x.rsqrt(), x => x.rsqrt(), Domain.Positive),
        Unary("sin", x => x.sin(), x => x.sin()),
        Unary("cos", x => x.cos(), x => x.cos()),
        Unary("tanh", x => x.tanh(), x => x.tanh()),
        Unary("sigmoid", x => x.sigmoid(), x => x.sigmoid()),
        Unary("relu", x => x.relu(), x => x.relu()),
        Unary("erf", x => x.erf(), x => x.erf()),
        Unary("erfinv", x => x.erfinv(), x => x.erfinv(), Domain.Unit) with { Float32Tolerance = 1e-3, ToleranceReason = ErfinvTolerance },
        Unary("lgamma", x => x.lgamma(), x => x.lgamma(), Domain.Gamma) with { Float64Reference = GammaFloat32 },
        Unary("digamma", x => x.digamma(), x => x.digamma(), Domain.Gamma) with { Float64Reference = GammaFloat32 },
        Unary("square", x => x.square(), x => x.square()),
        Unary("reciprocal", x => x.reciprocal(), x => x.reciprocal(), Domain.NonZero),
        Unary("sign", x => x.sign(), x => x.sign()) with { NoNonFinite = "PyTorch computes sign as (0 < x) - (x < 0), so sign(NaN) is 0 there; the embedded engine returns NaN (as NumPy). PyTorch does not document it, so it is reported, not changed" },
        Unary("floor", x => x.floor(), x => x.floor()) with { ForwardOnly = true },
        Unary("ceil", x => x.ceil(), x => x.ceil()) with { ForwardOnly = true },
        Unary("round", x => x.round(), x => x.round()) with { ForwardOnly = true },
        Unary("clone", x => x.clone(), x => x.clone()),
        Unary("contiguous", x => x.contiguous(), x => x.contiguous()),
        Unary("to(float64)", x => x.to(E.float64), x => x.to(T.float64)),
        Unary("to(float32)", x => x.to(E.float32), x => x.to(T.float32)) with { Float64Tolerance = 1e-7, ToleranceReason = "float64 -> float32 rounds to float32 precision" },
        Unary("double()", x => x.@double(), x => x.@double()),
        Unary("float()", x => x.@float(), x => x.@float()) with { Float64Tolerance = 1e-7, ToleranceReason = "rounds to float32 precision" },
        One("polygamma(n)", r => new Case([In(Shape(r), Domain.Positive)], new Args { N = r.Next(1, 4) }),
            (x, a) => x.polygamma((int)a.N), (x, a) => x.polygamma(a.N)) with
        {
            Pointwise = true,
            Float64Reference = GammaFloat32,
            NoNonFinite = "polygamma(n, +inf) is 0 on the embedded engine and NaN on libtorch for n >= 2 (its Hurwitz zeta returns NaN there); undocumented, so reported, not changed",
        },
        One("clamp(min, max)", r => new Case([In(Shape(r), Domain.Ties)], new Args { P = r.Next(-2, 1), Dim2 = r.Next(0, 3) }),
            (x, a) => x.clamp(a.P, a.P + a.Dim2), (x, a) => x.clamp(a.P, a.P + a.Dim2)),
        One("clamp(min)", r => new Case([In(Shape(r))], new Args { P = Scalars[r.Next(Scalars.Length)] }),
            (x, a) => x.clamp(min: a.P), (x, a) => x.clamp(min: a.P)) with { Pointwise = true },
        One("clamp(max)", r => new Case([In(Shape(r))], new Args { P = Scalars[r.Next(Scalars.Length)] }),
            (x, a) => x.clamp(max: a.P), (x, a) => x.clamp(max: a.P)) with { Pointwise = true },
        WithScalar("clamp_min", (x, s) => x.clamp_min(s), (x, s) => x.clamp_min(s)),
        WithScalar("clamp_max", (x, s) => x.clamp_max(s), (x, s) => x.clamp_max(s)),
        One("clip", r => new Case([In(Shape(r), Domain.Ties)], new Args { P = -1, Dim2 = 2 }),
            (x, a) => x.clip(a.P, a.P + a.Dim2), (x, a) => x.clip(a.P, a.P + a.Dim2)),
        One("pow(integer scalar)", r => new Case([In(Shape(r))], new Args { P = IntegerPowers[r.Next(IntegerPowers.Length)] }),
            (x, a) => x.pow(a.P), (x, a) => x.pow(a.P)) with { Pointwise = true },
        One("pow(real scalar)", r => new Case([In(Shape(r), Domain.Positive)], new Args { P = RealPowers[r.Next(RealPowers.Length)] }),
            (x, a) => x.pow(a.P), (x, a) => x.pow(a.P)) with { Pointwise = true },
        WithScalar("add(scalar)", (x, s) => x.add(s), (x, s) => x.add(s)),
        WithScalar("sub(scalar)", (x, s) => x.sub(s), (x, s) => x.sub(s)),
        WithScalar("mul(scalar)", (x, s) => x.mul(s), (x, s) => x.mul(s)),
        WithScalar("div(scalar)", (x, s) => x.div(s), (x, s) => x.div(s)),
        WithScalar("scalar - x", (x, s) => s - x, (x, s) => s - x),
        // 0 / x is left out: libtorch differentiates it as 0 * reciprocal(x), which is NaN where 1/x^2 overflows; its derivative is 0
        One("scalar / x", r => new Case([In(Shape(r), Domain.NonZero)], new Args { P = Scalars[1 + r.Next(Scalars.Length - 1)] }), (x, a) => a.P / x, (x, a) => a.P / x) with { Pointwise = true },
        WithScalar("scalar * x", (x, s) => s * x, (x, s) => s * x),
        WithScalar("x + scalar", (x, s) => x + s, (x, s) => x + s),
        WithScalar("eq(scalar)", (x, s) => x.eq(s), (x, s) => x.eq(s), Domain.Ties) with { ForwardOnly = true },
        WithScalar("ne(scalar)", (x, s) => x.ne(s), (x, s) => x.ne(s), Domain.Ties) with { ForwardOnly = true },
        WithScalar("lt(scalar)", (x, s) => x.lt(s), (x, s) => x.lt(s), Domain.Ties) with { ForwardOnly = true },
        WithScalar("le(scalar)", (x, s) => x.le(s), (x, s) => x.le(s), Domain.Ties) with { ForwardOnly = true },
        WithScalar("gt(scalar)", (x, s) => x.gt(s), (x, s) => x.gt(s), Domain.Ties) with { ForwardOnly = true },
        WithScalar("ge(scalar)", (x, s) => x.ge(s), (x, s) => x.ge(s), Domain.Ties) with { ForwardOnly = true },
        WithScalar("x > scalar", (x, s) => x > s, (x, s) => x > s, Domain.Ties) with { ForwardOnly = true },
        WithScalar("x <= scalar", (x, s) => x <= s, (x, s) => x <= s, Domain.Ties) with { ForwardOnly = true },

        Binary("add", (a, b) => a.add(b), (a, b) => a.add(b)),
        Binary("add(alpha)", (a, b) => a.add(b, -2.5), (a, b) => a.add(b, -2.5)),
        Binary("sub", (a, b) => a.sub(b), (a, b) => a.sub(b)),
        Binary("mul", (a, b) => a.mul(b), (a, b) => a.mul(b)),
        Binary("div", (a, b) => a.div(b), (a, b) => a.div(b), b: Domain.NonZero),
        Binary("a + b", (a, b) => a + b, (a, b) => a + b),
        Binary("a - b", (a, b) => a - b, (a, b) => a - b),
        Binary("a * b", (a, b) => a * b, (a, b) => a * b),
        Binary("a / b", (a, b) => a / b, (a, b) => a / b, b: Domain.NonZero),
        Binary("maximum", (a, b) => a.maximum(b), (a, b) => a.maximum(b), Domain.Ties, Domain.Ties),
        Binary("minimum", (a, b) => a.minimum(b), (a, b) => a.minimum(b), Domain.Ties, Domain.Ties),
        Binary("maximum(real)", (a, b) => a.maximum(b), (a, b) => a.maximum(b)),
        Binary("atan2", (a, b) => a.atan2(b), (a, b) => a.atan2(b)),
        Binary("pow(tensor)", (a, b) => a.pow(b), (a, b) => a.pow(b), Domain.Positive),
        Binary("pow(tensor) with ties", (a, b) => a.pow(b), (a, b) => a.pow(b), Domain.Ties, Domain.Ties),
        Binary("eq", (a, b) => a.eq(b), (a, b) => a.eq(b), Domain.Ties, Domain.Ties) with { ForwardOnly = true },
        Binary("ne", (a, b) => a.ne(b), (a, b) => a.ne(b), Domain.Ties, Domain.Ties) with { ForwardOnly = true },
        Binary("lt", (a, b) => a.lt(b), (a, b) => a.lt(b), Domain.Ties, Domain.Ties) with { ForwardOnly = true },
        Binary("le", (a, b) => a.le(b), (a, b) => a.le(b), Domain.Ties, Domain.Ties) with { ForwardOnly = true },
        Binary("gt", (a, b) => a.gt(b), (a, b) => a.gt(b), Domain.Ties, Domain.Ties) with { ForwardOnly = true },
        Binary("ge", (a, b) => a.ge(b), (a, b) => a.ge(b), Domain.Ties, Domain.Ties) with { ForwardOnly = true },
        Binary("a < b", (a, b) => a < b, (a, b) => a < b, Domain.Ties, Domain.Ties) with { ForwardOnly = true },
        Binary("a >= b", (a, b) => a >= b, (a, b) => a >= b, Domain.Ties, Domain.Ties) with { ForwardOnly = true },
        Binary("fmod", (a, b) => a.fmod(b), (a, b) => a.fmod(b), b: Domain.NonZero),
        Binary("remainder", (a, b) => a.remainder(b), (a, b) => a.remainder(b), b: Domain.NonZero) with { NoEdgeValues = RemainderOverflow },
        Binary("fmod with ties", (a, b) => a.fmod(b), (a, b) => a.fmod(b), Domain.Ties, Domain.Ties) with { ForwardOnly = true },
        Binary("remainder with ties", (a, b) => a.remainder(b), (a, b) => a.remainder(b), Domain.Ties, Domain.Ties) with { ForwardOnly = true },
        One("fmod(scalar)", r => new Case([In(Shape(r))], new Args { P = NonZeroScalars[r.Next(NonZeroScalars.Length)] }),
            (x, a) => x.fmod(a.P), (x, a) => x.fmod(a.P)) with { Pointwise = true },
        One("remainder(scalar)", r => new Case([In(Shape(r))], new Args { P = NonZeroScalars[r.Next(NonZeroScalars.Length)] }),
            (x, a) => x.remainder(a.P), (x, a) => x.remainder(a.P)) with { Pointwise = true },

        // torch.* functional forms
        Unary("torch.exp", E.exp, T.exp),
        Unary("torch.log", E.log, T.log, Domain.Positive),
        Unary("torch.log1p", E.log1p, T.log1p, Domain.AboveMinusOne),
        Unary("torch.expm1", E.expm1, T.expm1),
        Unary("torch.sqrt", E.sqrt, T.sqrt, Domain.Positive),
        Unary("torch.rsqrt", E.rsqrt, T.rsqrt, Domain.Positive),
        Unary("torch.abs", E.abs, T.abs),
        Unary("torch.sign", E.sign, T.sign) with { NoNonFinite = "PyTorch computes sign as (0 < x) - (x < 0), so sign(NaN) is 0 there; the embedded engine returns NaN (as NumPy). PyTorch does not document it, so it is reported, not changed" },
        Unary("torch.square", E.square, T.square),
        Unary("torch.sigmoid", E.sigmoid, T.sigmoid),
        Unary("torch.tanh", E.tanh, T.tanh),
        Unary("torch.sin", E.sin, T.sin),
        Unary("torch.cos", E.cos, T.cos),
        Unary("torch.erf", E.erf, T.erf),
        Unary("torch.erfinv", E.erfinv, x => x.erfinv(), Domain.Unit) with
        {
            Float32Tolerance = 1e-3,
            ToleranceReason = ErfinvTolerance,
            ApiDifference = "TorchSharp 0.107's static torch.erfinv(x) computes erf(x) (torch.erfinv(0.3) = 0.3286 = erf(0.3)), so libtorch is reached through Tensor.erfinv",
        },
        Unary("torch.lgamma", E.lgamma, T.lgamma, Domain.Positive) with { Float64Reference = GammaFloat32 },
        Unary("torch.digamma", E.digamma, T.digamma, Domain.Positive) with { Float64Reference = GammaFloat32 },
        Unary("torch.polygamma(x, 1)", x => E.polygamma(x, 1), x => T.polygamma(x, 1), Domain.Positive) with { Float64Reference = GammaFloat32 },
        Unary("torch.special.polygamma(2, x)", x => E.special.polygamma(2, x), x => T.special.polygamma(2, x), Domain.Positive) with
        {
            Float64Reference = GammaFloat32,
            NoNonFinite = "polygamma(2, +inf) is NaN on libtorch (its Hurwitz zeta at infinity) and -0 on the embedded engine (the limit); PyTorch does not document it",
        },
        One("torch.pow(x, scalar)", r => new Case([In(Shape(r))], new Args { P = IntegerPowers[r.Next(IntegerPowers.Length)] }),
            (x, a) => E.pow(x, a.P), (x, a) => T.pow(x, a.P)) with { Pointwise = true },
        Binary("torch.pow(x, tensor)", E.pow, T.pow, Domain.Positive),
        One("torch.clamp", r => new Case([In(Shape(r), Domain.Ties)], new Args { P = -1 }),
            (x, a) => E.clamp(x, a.P, a.P + 1), (x, a) => T.clamp(x, a.P, a.P + 1)),
        Binary("torch.maximum", E.maximum, T.maximum, Domain.Ties, Domain.Ties),
        Binary("torch.minimum", E.minimum, T.minimum, Domain.Ties, Domain.Ties),
        Binary("torch.atan2", E.atan2, T.atan2),
        Binary("torch.fmod", E.fmod, T.fmod, b: Domain.NonZero),
        Binary("torch.remainder", E.remainder, T.remainder, b: Domain.NonZero) with { NoEdgeValues = RemainderOverflow },
        Unary("torch.isnan", E.isnan, T.isnan) with { ForwardOnly = true },
        Unary("torch.isfinite", E.isfinite, T.isfinite) with { ForwardOnly = true },
        Many("torch.where(condition, x, y)", r =>
        {
            var (a, b) = Broadcastable(r);
            var c = r.NextDouble() < 0.5 ? a : b;
            return new Case(Mask(c), In(a), In(b));
        }, (x, _) => E.where(x[0].gt(0.5), x[1], x[2]), (x, _) => T.where(x[0].gt(0.5), x[1], x[2])) with { Pointwise = true },
        Many("torch.where(condition, scalar, y)", r =>
        {
            var (a, b) = Broadcastable(r);
            return new Case([Mask(a), In(b)], new Args { P = Scalars[r.Next(Scalars.Length)] });
        }, (x, a) => E.where(x[0].gt(0.5), a.P, x[1]), (x, a) => T.where(x[0].gt(0.5), a.P, x[1]).to(x[1].dtype)) with
        {
            ApiDifference = "torch.where with a scalar: embedded where(Tensor, double, Tensor) and where(Tensor, Tensor, double); TorchSharp where(Tensor, Scalar, Tensor) through Scalar's implicit conversion, " +
                "and its result is float64 for a float32 y (PyTorch and the embedded engine: float32), so it is cast back",
        },
        Many("masked_fill", r =>
        {
            var shape = Shape(r);
            return new Case([In(shape), Mask(shape)], new Args { P = Scalars[r.Next(Scalars.Length)] });
        }, (x, a) => x[0].masked_fill(x[1].gt(0.5), a.P), (x, a) => x[0].masked_fill(x[1].gt(0.5), a.P)),
        Many("masked_fill(broadcast mask)", r =>
        {
            var shape = Shape(r, 1, 4);
            var mask = shape.Skip(r.Next(shape.Length + 1)).Select(d => r.NextDouble() < 0.4 ? 1 : d).ToArray();
            return new Case([In(shape), Mask(mask)], new Args { P = Scalars[r.Next(Scalars.Length)] });
        }, (x, a) => x[0].masked_fill(x[1].gt(0.5), a.P), (x, a) => x[0].masked_fill(x[1].gt(0.5), a.P)),

        // nn.functional activations
        Unary("F.relu", EF.relu, x => TF.relu(x)),
        Unary("F.sigmoid", EF.sigmoid, TF.sigmoid),
        Unary("F.tanh", EF.tanh, x => TF.tanh(x)),
        Unary("F.silu", EF.silu, x => TF.silu(x)),
        Unary("F.logsigmoid", EF.logsigmoid, TF.logsigmoid),
        One("F.leaky_relu", r => new Case([In(Shape(r))], new Args { P = new[] { 0.01, 0.2, 0, -0.5 }[r.Next(4)] }),
            (x, a) => EF.leaky_relu(x, a.P), (x, a) => TF.leaky_relu(x, a.P)) with { Pointwise = true },
        One("F.elu", r => new Case([In(Shape(r))], new Args { P = new[] { 1.0, 0.5, 2 }[r.Next(3)] }),
            (x, a) => EF.elu(x, a.P), (x, a) => TF.elu(x, a.P)) with { Pointwise = true },
        Unary("F.gelu", x => EF.gelu(x), x => TF.gelu(x)) with { Float64Reference = "libtorch's float32 gelu(+inf) is NaN (its vectorised erf); float64 and the engine give +inf" },
        Unary("F.gelu(tanh)", x => EF.gelu(x, Embedded::GenCourse.Modules.GELU.Approximate.tanh), x => TF.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh)) with
        {
            Float32Tolerance = 1e-2,
            ToleranceReason = "for x in [-3, -2] gelu's gradient is a difference of terms that leaves 1e-3..1e-4, magnifying float32 rounding up to 100 times (float64 stays at 1e-9)",
            ApiDifference = "F.gelu: TorchSharp also has gelu(Tensor, Approximate, bool inplace) and gelu(Tensor, bool inplace); the embedded engine has no inplace (and keeps gelu(Tensor, string))",
        },
        One("F.softplus(beta, threshold)", r => new Case([In(Shape(r))], new Args { P = new[] { 1.0, 2, 0.5 }[r.Next(3)], Dim = new[] { 20, 1, 5 }[r.Next(3)] }),
            (x, a) => EF.softplus(x, a.P, a.Dim), (x, a) => TF.softplus(x, a.P, a.Dim)) with { Pointwise = true },
        One("softplus(beta, threshold)", r => new Case([In(Shape(r))], new Args { P = new[] { 1.0, 2, 0.5 }[r.Next(3)], Dim = new[] { 20, 1, 5 }[r.Next(3)] }),
            (x, a) => x.softplus(a.P, a.Dim), (x, a) => x.softplus(a.P, a.Dim)) with { Pointwise = true },
    ];
}
