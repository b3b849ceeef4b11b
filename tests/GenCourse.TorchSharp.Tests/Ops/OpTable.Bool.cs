extern alias Embedded;

using E = Embedded::GenCourse.torch;
using T = TorchSharp.torch;
using static CrossEngine.Tests.Ops.RandomInputs;

namespace CrossEngine.Tests.Ops;

public static partial class OpTable
{
    /// <summary>A bool tensor and a tensor of <paramref name="other"/> whose shapes broadcast together (either may come first in the op).</summary>
    static Func<Random, Case> BoolAnd(Domain other) => r =>
    {
        var (sa, sb) = Broadcastable(r);
        return new Case(Bool(sa), other == Domain.Index ? Index(sb, 5) : In(sb, other));
    };

    static Func<Random, Case> SameShapes(Domain domain) => r =>
    {
        var shape = Shape(r);
        return new Case(In(shape, domain), In(shape, domain));
    };

    static Case TwoBools(Random r)
    {
        var (sa, sb) = Broadcastable(r);
        return new Case(Bool(sa), Bool(sb));
    }

    static Case OneBool(Random r) => new(Bool(Shape(r)));

    static Case BoolAlongDim(Random r)
    {
        var shape = Shape(r, minRank: 1);
        return new Case([Bool(shape)], new Args { Dim = Dim(r, shape.Length), KeepDim = r.Next(2) == 1 });
    }

    // Bool tensors (issue #12): what comparisons return. Every output dtype is compared with libtorch's, so these rows
    // are the promotion table: bool with bool, with int64, with float and with C# int and double scalars.
    static IEnumerable<OpCase> Bools() =>
    [
        Many("logical_and", TwoBools, (x, _) => x[0].logical_and(x[1]), (x, _) => x[0].logical_and(x[1])) with { ForwardOnly = true },
        Many("logical_or", TwoBools, (x, _) => x[0].logical_or(x[1]), (x, _) => x[0].logical_or(x[1])) with { ForwardOnly = true },
        Many("logical_xor", TwoBools, (x, _) => x[0].logical_xor(x[1]), (x, _) => x[0].logical_xor(x[1])) with { ForwardOnly = true },
        One("logical_not", OneBool, (x, _) => x.logical_not(), (x, _) => x.logical_not()) with { ForwardOnly = true },
        Unary("logical_not(float)", x => x.logical_not(), x => x.logical_not()) with { ForwardOnly = true },
        Binary("logical_and(float, float)", (a, b) => a.logical_and(b), (a, b) => a.logical_and(b), Domain.Ties, Domain.Ties) with { ForwardOnly = true },
        Many("a & b", TwoBools, (x, _) => x[0] & x[1], (x, _) => x[0] & x[1]) with { ForwardOnly = true },
        Many("a | b", TwoBools, (x, _) => x[0] | x[1], (x, _) => x[0] | x[1]) with { ForwardOnly = true },
        Many("a ^ b", TwoBools, (x, _) => x[0] ^ x[1], (x, _) => x[0] ^ x[1]) with { ForwardOnly = true },
        One("~a", OneBool, (x, _) => ~x, (x, _) => ~x) with { ForwardOnly = true },
        Many("bool + bool", TwoBools, (x, _) => x[0] + x[1], (x, _) => x[0] + x[1]) with { ForwardOnly = true },
        Many("bool * bool", TwoBools, (x, _) => x[0] * x[1], (x, _) => x[0] * x[1]) with { ForwardOnly = true },
        Many("bool / bool", TwoBools, (x, _) => x[0] / x[1], (x, _) => x[0] / x[1]) with { ForwardOnly = true },
        Many("maximum(bool, bool)", TwoBools, (x, _) => x[0].maximum(x[1]), (x, _) => x[0].maximum(x[1])) with { ForwardOnly = true },
        Many("minimum(bool, bool)", TwoBools, (x, _) => x[0].minimum(x[1]), (x, _) => x[0].minimum(x[1])) with { ForwardOnly = true },
        Many("eq(bool, bool)", TwoBools, (x, _) => x[0].eq(x[1]), (x, _) => x[0].eq(x[1])) with { ForwardOnly = true },
        Many("bool < bool", TwoBools, (x, _) => x[0] < x[1], (x, _) => x[0] < x[1]) with { ForwardOnly = true },
        Many("bool + float", BoolAnd(Domain.Real), (x, _) => x[0] + x[1], (x, _) => x[0] + x[1]),
        Many("float * bool", BoolAnd(Domain.Real), (x, _) => x[1] * x[0], (x, _) => x[1] * x[0]),
        Many("float / bool", BoolAnd(Domain.Real), (x, _) => x[1] / x[0], (x, _) => x[1] / x[0]) with { ForwardOnly = true },
        Many("maximum(float, bool)", BoolAnd(Domain.Ties), (x, _) => x[1].maximum(x[0]), (x, _) => x[1].maximum(x[0])) with { ForwardOnly = true },
        Many("bool + int64", BoolAnd(Domain.Index), (x, _) => x[0] + x[1], (x, _) => x[0] + x[1]) with { ForwardOnly = true },
        Many("int64 * bool", BoolAnd(Domain.Index), (x, _) => x[1] * x[0], (x, _) => x[1] * x[0]) with { ForwardOnly = true },
        Many("eq(bool, float)", BoolAnd(Domain.Ties), (x, _) => x[0].eq(x[1]), (x, _) => x[0].eq(x[1])) with { ForwardOnly = true },
        One("bool * 2", OneBool, (x, _) => x * 2, (x, _) => x * 2) with { ForwardOnly = true },
        One("bool + 1", OneBool, (x, _) => x + 1, (x, _) => x + 1) with { ForwardOnly = true },
        One("3 * bool", OneBool, (x, _) => 3 * x, (x, _) => 3 * x) with { ForwardOnly = true },
        One("bool * 0.5", OneBool, (x, _) => x * 0.5, (x, _) => x * 0.5) with { ForwardOnly = true },
        One("bool * 1.0", OneBool, (x, _) => x * 1.0, (x, _) => x * 1.0) with { ForwardOnly = true },
        One("bool + 2.0", OneBool, (x, _) => x + 2.0, (x, _) => x + 2.0) with { ForwardOnly = true },
        One("bool / 2", OneBool, (x, _) => x / 2, (x, _) => x / 2) with { ForwardOnly = true },
        One("bool > 0.5", OneBool, (x, _) => x > 0.5, (x, _) => x > 0.5) with { ForwardOnly = true },
        One("eq(bool, 1)", OneBool, (x, _) => x.eq(1), (x, _) => x.eq(1)) with { ForwardOnly = true },
        One("sum(bool)", OneBool, (x, _) => x.sum(), (x, _) => x.sum()) with { ForwardOnly = true },
        One("sum(bool, dim)", BoolAlongDim, (x, a) => x.sum(dim: a.Dim, keepdim: a.KeepDim), (x, a) => x.sum(dim: a.Dim, keepdim: a.KeepDim)) with { ForwardOnly = true },
        One("cumsum(bool)", BoolAlongDim, (x, a) => x.cumsum(a.Dim), (x, a) => x.cumsum(a.Dim)) with { ForwardOnly = true },
        One("prod(bool)", OneBool, (x, _) => x.prod(), (x, _) => x.prod()) with { ForwardOnly = true },
        One("any()", OneBool, (x, _) => x.any(), (x, _) => x.any()) with { ForwardOnly = true },
        One("all()", OneBool, (x, _) => x.all(), (x, _) => x.all()) with { ForwardOnly = true },
        One("any(dim)", BoolAlongDim, (x, a) => x.any(a.Dim, a.KeepDim), (x, a) => x.any(a.Dim, a.KeepDim)) with { ForwardOnly = true },
        One("all(dim)", BoolAlongDim, (x, a) => x.all(a.Dim, a.KeepDim), (x, a) => x.all(a.Dim, a.KeepDim)) with { ForwardOnly = true },
        Unary("any(float)", x => x.any(), x => x.any(), Domain.Ties) with { ForwardOnly = true, Pointwise = false },
        One("max(bool)", r => new Case([Bool(Shape(r, allowEmpty: false))], Args.None), (x, _) => x.max(), (x, _) => x.max()) with { ForwardOnly = true },
        One("amin(bool, dim)", BoolAlongDim, (x, a) => x.amin([a.Dim], a.KeepDim), (x, a) => x.amin([a.Dim], a.KeepDim)) with { ForwardOnly = true },
        One("to(float32) from bool", OneBool, (x, _) => x.to(E.float32), (x, _) => x.to(T.float32)) with { ForwardOnly = true },
        One("to(int64) from bool", OneBool, (x, _) => x.to(E.int64), (x, _) => x.to(T.int64)) with { ForwardOnly = true },
        One("float() of bool", OneBool, (x, _) => x.@float(), (x, _) => x.@float()) with { ForwardOnly = true },
        One("long() of bool", OneBool, (x, _) => x.@long(), (x, _) => x.@long()) with { ForwardOnly = true },
        Unary("bool() of float", x => x.@bool(), x => x.@bool()) with { ForwardOnly = true },
        Unary("to(bool) of float", x => x.to(E.@bool), x => x.to(T.@bool)) with { ForwardOnly = true },
        One("bool().clone()", OneBool, (x, _) => x.clone(), (x, _) => x.clone()) with { ForwardOnly = true },
        One("bool reshape(-1)", OneBool, (x, _) => x.reshape(-1), (x, _) => x.reshape(-1)) with { ForwardOnly = true },
        One("bool unsqueeze(0).expand", OneBool, (x, _) => x.unsqueeze(0).expand([3, .. x.shape]), (x, _) => x.unsqueeze(0).expand([3, .. x.shape])) with { ForwardOnly = true },
        One("cat(bool, bool)", BoolAlongDim, (x, a) => E.cat([x, x.logical_not()], a.Dim), (x, a) => T.cat([x, x.logical_not()], a.Dim)) with { ForwardOnly = true },
        Many("cat(bool, float)", r =>
        {
            var shape = Shape(r, minRank: 1);
            return new Case([Bool(shape), In(shape)], new Args { Dim = Dim(r, shape.Length) });
        }, (x, a) => E.cat([x[0], x[1]], a.Dim), (x, a) => T.cat([x[0], x[1]], a.Dim)),
        One("stack(bool, bool)", BoolAlongDim, (x, a) => E.stack([x, x], a.Dim), (x, a) => T.stack([x, x], a.Dim)) with { ForwardOnly = true },
        Many("index_select(bool)", r =>
        {
            var shape = Shape(r, minRank: 1, allowEmpty: false);
            int d = Dim(r, shape.Length);
            return new Case([Bool(shape), Index([r.Next(0, 5)], shape[d < 0 ? d + shape.Length : d])], new Args { Dim = d });
        }, (x, a) => x[0].index_select(a.Dim, x[1]), (x, a) => x[0].index_select(a.Dim, x[1])) with { ForwardOnly = true },
        Many("masked_select", r =>
        {
            var (sa, sb) = Broadcastable(r);
            return new Case(In(sa), Bool(sb));
        }, (x, _) => x[0].masked_select(x[1]), (x, _) => x[0].masked_select(x[1])),
        Many("masked_fill(bool mask)", BoolAnd(Domain.Real), (x, _) => x[1].masked_fill(x[0], -1.5), (x, _) => x[1].masked_fill(x[0], -1.5)) with { NoEdgeValues = null },
        Many("where(bool, x, y)", r =>
        {
            var (sa, sb) = Broadcastable(r);
            return new Case(Bool(sa), In(sb), In(sa));
        }, (x, _) => E.where(x[0], x[1], x[2]), (x, _) => T.where(x[0], x[1], x[2])),
        Many("where(bool, bool, bool)", r =>
        {
            var (sa, sb) = Broadcastable(r);
            return new Case(Bool(sa), Bool(sb), Bool(sa));
        }, (x, _) => E.where(x[0], x[1], x[2]), (x, _) => T.where(x[0], x[1], x[2])) with { ForwardOnly = true },
        Unary("torch.isinf", E.isinf, T.isinf) with { ForwardOnly = true },
        Unary("isnan()", x => x.isnan(), x => x.isnan()) with { ForwardOnly = true },
        // same shapes: libtorch's isclose writes into the first operand's shape and throws where the two broadcast to a larger one
        Many("isclose", SameShapes(Domain.Ties), (x, _) => x[0].isclose(x[1], 1e-3, 1e-3), (x, _) => x[0].isclose(x[1], 1e-3, 1e-3)) with { ForwardOnly = true },
        Many("isclose(nanEqual)", SameShapes(Domain.Real), (x, _) => E.isclose(x[0], x[1], nanEqual: true), (x, _) => T.isclose(x[0], x[1], nanEqual: true)) with { ForwardOnly = true },
        One("isfinite(bool)", OneBool, (x, _) => x.isfinite(), (x, _) => x.isfinite()) with { ForwardOnly = true },
    ];
}
