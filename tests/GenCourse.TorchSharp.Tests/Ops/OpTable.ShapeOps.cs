extern alias Embedded;

using E = Embedded::GenCourse.torch;
using EF = Embedded::GenCourse.torch.nn.functional;
using EPad = Embedded::GenCourse.PaddingModes;
using ETensor = Embedded::GenCourse.Tensor;
using T = TorchSharp.torch;
using TF = TorchSharp.torch.nn.functional;
using TPad = TorchSharp.PaddingModes;
using TTensor = TorchSharp.torch.Tensor;
using static CrossEngine.Tests.Ops.RandomInputs;

namespace CrossEngine.Tests.Ops;

public static partial class OpTable
{
    /// <summary>A shape with the same number of elements: the dims shuffled, neighbours merged, and sometimes one -1.</summary>
    internal static long[] Reshaped(Random r, long[] shape)
    {
        var dims = shape.OrderBy(_ => r.Next()).ToList();
        for (int i = dims.Count - 2; i >= 0; i--)
            if (r.NextDouble() < 0.3) { dims[i] *= dims[i + 1]; dims.RemoveAt(i + 1); }
        if (r.NextDouble() < 0.2) dims.Insert(r.Next(dims.Count + 1), 1);
        if (dims.Count > 0 && Numel(shape) > 0 && r.NextDouble() < 0.4) dims[r.Next(dims.Count)] = -1;
        return [.. dims];
    }

    static Case ReshapeCase(Random r)
    {
        var shape = Shape(r);
        return new Case([In(shape)], new Args { Sizes = Reshaped(r, shape) });
    }

    /// <summary>A tensor of rank >= <paramref name="minRank"/> and a valid dim (Args.Dim) with a second one (Args.Dim2).</summary>
    static Case TwoDims(Random r, int minRank = 1, Domain domain = Domain.Real)
    {
        var shape = Shape(r, minRank, 4);
        return new Case([In(shape, domain)], new Args { Dim = Dim(r, shape.Length), Dim2 = Dim(r, shape.Length) });
    }

    /// <summary>x [.., n, ..] and int64 indices into dim (Args.Dim): index_select (1-D) or gather (same rank, no larger elsewhere).</summary>
    static Case IndexCase(Random r, bool sameRank)
    {
        var shape = Shape(r, 1, 4);
        int dim = Dim(r, shape.Length), d = (dim + shape.Length) % shape.Length;
        if (shape[d] == 0) shape[d] = 2;
        long[] index = sameRank ? shape.Select((s, i) => i == d ? Size(r) : r.NextInt64(0, s + 1)).ToArray() : [Size(r)];
        return new Case([In(shape), Index(index, shape[d])], new Args { Dim = dim });
    }

    /// <summary>The pieces of a split, each scaled by its position and flattened, then joined: their number, order and values all count.</summary>
    static ETensor Joined(ETensor[] pieces) => E.cat(pieces.Select((p, i) => p.flatten() * (i + 1)).ToList());

    static TTensor Joined(TTensor[] pieces) => T.cat(pieces.Select((p, i) => p.flatten() * (i + 1)).ToList());

    static IEnumerable<OpCase> ShapeOps() =>
    [
        One("reshape", ReshapeCase, (x, a) => x.reshape(a.Sizes), (x, a) => x.reshape(a.Sizes)),
        One("view", ReshapeCase, (x, a) => x.view(a.Sizes), (x, a) => x.view(a.Sizes)),
        One("flatten(start, end)", r =>
        {
            var c = TwoDims(r, 0);
            int a = Wrap(c.Args.Dim, c), b = Wrap(c.Args.Dim2, c);
            return c with { Args = c.Args with { Dim = Math.Min(a, b), Dim2 = Math.Max(a, b) } };
        }, (x, a) => x.flatten(a.Dim, a.Dim2), (x, a) => x.flatten(a.Dim, a.Dim2)),
        One("torch.flatten", r => new Case(In(Shape(r))), (x, _) => E.flatten(x), (x, _) => T.flatten(x)),
        One("unflatten(dim, sizes)", r =>
        {
            var c = TwoDims(r);
            c = c with { Args = c.Args with { Dim = Wrap(c.Args.Dim, c) } };
            long size = c.Inputs[0].Shape[c.Args.Dim];
            long[] sizes = size % 2 == 0 && size > 0 && r.NextDouble() < 0.5 ? [2, size / 2] : r.NextDouble() < 0.5 ? [1, size] : [size, -1];
            if (size == 0) sizes = [0, 3];
            return c with { Args = c.Args with { Sizes = sizes } };
        }, (x, a) => x.unflatten(a.Dim, a.Sizes), (x, a) => x.unflatten(a.Dim, a.Sizes)) with
        {
            ApiDifference = "TorchSharp 0.107's unflatten rejects a negative dim (\"Invalid 'dim' argument: -1\"); PyTorch and the embedded engine accept it, so the cases use dims >= 0",
        },
        One("transpose", r => TwoDims(r), (x, a) => x.transpose(a.Dim, a.Dim2), (x, a) => x.transpose(a.Dim, a.Dim2)),
        One("permute", r =>
        {
            var shape = Shape(r);
            return new Case([In(shape)], new Args { Dims = Enumerable.Range(0, shape.Length).OrderBy(_ => r.Next()).Select(d => (long)d).ToArray() });
        }, (x, a) => x.permute(a.Dims), (x, a) => x.permute(a.Dims)) with
        {
            ApiDifference = "permute, flip and roll take dims as params int[] on the embedded engine and long[] on TorchSharp",
        },
        One("t()", r => new Case(In(Shape(r, 0, 2))), (x, _) => x.t(), (x, _) => x.t()),
        One("mT", r => new Case(In(Shape(r, 2, 4))), (x, _) => x.mT, (x, _) => x.mT),
        One("unsqueeze", r =>
        {
            var shape = Shape(r);
            return new Case([In(shape)], new Args { Dim = Dim(r, shape.Length + 1) });
        }, (x, a) => x.unsqueeze(a.Dim), (x, a) => x.unsqueeze(a.Dim)),
        One("squeeze()", r => new Case(In(Shape(r))), (x, _) => x.squeeze(), (x, _) => x.squeeze()),
        One("squeeze(dim)", r => TwoDims(r, 0), (x, a) => x.squeeze(a.Dim), (x, a) => x.squeeze(a.Dim)),
        One("expand", r =>
        {
            var target = Shape(r, 0, 4);
            var shape = target.Skip(r.Next(target.Length + 1)).Select(d => r.NextDouble() < 0.5 ? 1 : d).ToArray();
            var sizes = target.Select((d, i) => i >= target.Length - shape.Length && r.NextDouble() < 0.3 ? -1 : d).ToArray();
            return new Case([In(shape)], new Args { Sizes = sizes });
        }, (x, a) => x.expand(a.Sizes), (x, a) => x.expand(a.Sizes)),
        Many("expand_as", r =>
        {
            var target = Shape(r, 0, 4);
            var shape = target.Skip(r.Next(target.Length + 1)).Select(d => r.NextDouble() < 0.5 ? 1 : d).ToArray();
            return new Case(In(shape), In(target, grad: false));
        }, (x, _) => x[0].expand_as(x[1]), (x, _) => x[0].expand_as(x[1])),
        One("repeat", r =>
        {
            var shape = Shape(r, 0, 3);
            var reps = Enumerable.Range(0, shape.Length + r.Next(2)).Select(_ => (long)r.Next(0, 4)).ToArray();
            return new Case([In(shape)], new Args { Sizes = reps });
        }, (x, a) => x.repeat(a.Sizes), (x, a) => x.repeat(a.Sizes)),
        One("repeat_interleave(repeats, dim)", r => WithN(r, TwoDims(r), 0, 4),
            (x, a) => x.repeat_interleave(a.N, a.Dim), (x, a) => x.repeat_interleave(a.N, a.Dim)),
        One("repeat_interleave(repeats)", r => new Case([In(Shape(r))], new Args { N = r.Next(0, 4) }),
            (x, a) => x.repeat_interleave(a.N), (x, a) => x.repeat_interleave(a.N)),
        Many("torch.cat", r =>
        {
            var shape = Shape(r, 1, 4);
            int dim = Dim(r, shape.Length);
            var specs = Enumerable.Range(0, r.Next(1, 4)).Select(_ =>
            {
                var s = (long[])shape.Clone();
                s[(dim + s.Length) % s.Length] = Size(r);
                return In(s);
            }).ToArray();
            return new Case(specs, new Args { Dim = dim });
        }, (x, a) => E.cat(x, a.Dim), (x, a) => T.cat(x, a.Dim)),
        Many("torch.stack", r =>
        {
            var shape = Shape(r, 0, 3);
            return new Case(Enumerable.Range(0, r.Next(1, 4)).Select(_ => In(shape)).ToArray(), new Args { Dim = Dim(r, shape.Length + 1) });
        }, (x, a) => E.stack(x, a.Dim), (x, a) => T.stack(x, a.Dim)),
        One("narrow", r =>
        {
            var c = TwoDims(r);
            long size = c.Inputs[0].Shape[Wrap(c.Args.Dim, c)];
            long start = r.NextInt64(0, size + 1);
            return c with { Args = c.Args with { N = start, Sizes = [r.NextInt64(0, size - start + 1)] } };
        }, (x, a) => x.narrow(a.Dim, a.N, a.Sizes[0]), (x, a) => x.narrow(a.Dim, a.N, a.Sizes[0])),
        One("select", r =>
        {
            var shape = Shape(r, 1, 4, allowEmpty: false);
            int dim = Dim(r, shape.Length);
            long size = shape[(dim + shape.Length) % shape.Length];
            return new Case([In(shape)], new Args { Dim = dim, N = r.NextInt64(-size, size) });
        }, (x, a) => x.select(a.Dim, a.N), (x, a) => x.select(a.Dim, a.N)),
        One("slice(dim, start, end, step)", r =>
        {
            var c = TwoDims(r);
            long size = c.Inputs[0].Shape[Wrap(c.Args.Dim, c)];
            return c with { Args = c.Args with { Sizes = [r.NextInt64(0, size + 1), r.NextInt64(0, size + 2), r.Next(1, 4)] } };
        }, (x, a) => x.slice(a.Dim, a.Sizes[0], a.Sizes[1], a.Sizes[2]), (x, a) => x.slice(a.Dim, a.Sizes[0], a.Sizes[1], a.Sizes[2])),
        One("x[i, j]", r =>
        {
            var shape = Shape(r, 2, 4, allowEmpty: false);
            return new Case([In(shape)], new Args { Sizes = [r.NextInt64(-shape[0], shape[0]), r.NextInt64(0, shape[1])] });
        }, (x, a) => x[a.Sizes[0], a.Sizes[1]], (x, a) => x[a.Sizes[0], a.Sizes[1]]),
        One("split(size, dim)", r => WithN(r, TwoDims(r), 1, 4),
            (x, a) => Joined(x.split(a.N, a.Dim)), (x, a) => Joined(x.split(a.N, a.Dim))),
        One("split(sizes, dim)", r =>
        {
            var c = TwoDims(r);
            long size = c.Inputs[0].Shape[Wrap(c.Args.Dim, c)];
            long first = r.NextInt64(0, size + 1);
            return c with { Args = c.Args with { Sizes = [first, size - first] } };
        }, (x, a) => Joined(x.split(a.Sizes, a.Dim)), (x, a) => Joined(x.split(a.Sizes, a.Dim))),
        One("chunk(chunks, dim)", r => WithN(r, TwoDims(r), 1, 5),
            (x, a) => Joined(x.chunk((int)a.N, a.Dim)), (x, a) => Joined(x.chunk(a.N, a.Dim))),
        Many("gather", r => IndexCase(r, sameRank: true), (x, a) => x[0].gather(a.Dim, x[1]), (x, a) => x[0].gather(a.Dim, x[1])),
        Many("torch.gather", r => IndexCase(r, sameRank: true), (x, a) => E.gather(x[0], a.Dim, x[1]), (x, a) => T.gather(x[0], a.Dim, x[1])),
        Many("index_select", r => IndexCase(r, sameRank: false), (x, a) => x[0].index_select(a.Dim, x[1]), (x, a) => x[0].index_select(a.Dim, x[1])),
        Many("torch.index_select", r => IndexCase(r, sameRank: false), (x, a) => E.index_select(x[0], a.Dim, x[1]), (x, a) => T.index_select(x[0], a.Dim, x[1])),
        Many("scatter_add", r =>
        {
            var c = IndexCase(r, sameRank: true);
            var shape = c.Inputs[0].Shape;
            // src larger than index is valid forward, but PyTorch implements the backward only for src.shape == index.shape
            return new Case([c.Inputs[0], c.Inputs[1], In(c.Inputs[1].Shape)], c.Args);
        }, (x, a) => x[0].scatter_add(a.Dim, x[1], x[2]), (x, a) => x[0].scatter_add(a.Dim, x[1], x[2])),
        Many("index_add", r =>
        {
            var c = IndexCase(r, sameRank: false);
            var shape = (long[])c.Inputs[0].Shape.Clone();
            shape[Wrap(c.Args.Dim, c)] = c.Inputs[1].Shape[0];
            return new Case([c.Inputs[0], c.Inputs[1], In(shape)], c.Args with { P = new[] { 1, -2.5, 0.5 }[r.Next(3)] });
        }, (x, a) => x[0].index_add(a.Dim, x[1], x[2], a.P), (x, a) => x[0].index_add(a.Dim, x[1], x[2], a.P)) with
        {
            ApiDifference = "index_add: TorchSharp requires alpha; the embedded engine defaults it to 1, as PyTorch does",
        },
        One("tril(diagonal)", r => new Case([In(Shape(r, 2, 4))], new Args { N = r.Next(-3, 4) }), (x, a) => x.tril(a.N), (x, a) => x.tril(a.N)),
        One("triu(diagonal)", r => new Case([In(Shape(r, 2, 4))], new Args { N = r.Next(-3, 4) }), (x, a) => x.triu(a.N), (x, a) => x.triu(a.N)),
        One("torch.tril", r => new Case(In(Shape(r, 2, 4))), (x, _) => E.tril(x), (x, _) => T.tril(x)),
        One("torch.triu", r => new Case(In(Shape(r, 2, 4))), (x, _) => E.triu(x), (x, _) => T.triu(x)),
        One("diagonal(offset, dim1, dim2)", r =>
        {
            var c = TwoDims(r, 2);
            int d2 = Wrap(c.Args.Dim, c) == Wrap(c.Args.Dim2, c) ? (Wrap(c.Args.Dim, c) + 1) % c.Inputs[0].Shape.Length : c.Args.Dim2;
            return c with { Args = c.Args with { Dim2 = d2, N = r.Next(-3, 4) } };
        }, (x, a) => x.diagonal(a.N, a.Dim, a.Dim2), (x, a) => x.diagonal(a.N, a.Dim, a.Dim2)),
        One("torch.diagonal", r => new Case(In(Shape(r, 2, 4))), (x, _) => E.diagonal(x), (x, _) => T.diagonal(x)),
        One("torch.diag_embed", r => new Case(In(Shape(r, 1, 3))), (x, _) => E.diag_embed(x), (x, _) => T.diag_embed(x)),
        One("flip(dims)", r =>
        {
            var shape = Shape(r);
            return new Case([In(shape)], new Args { Dims = SomeDims(r, shape.Length, 0) });
        }, (x, a) => x.flip(a.Dims), (x, a) => x.flip(a.Dims)),
        One("torch.flip", r => new Case([In(Shape(r, 1, 4))], new Args { Dims = [0] }), (x, a) => E.flip(x, a.Dims), (x, a) => T.flip(x, a.Dims)),
        One("roll(shifts, dim)", r => WithN(r, TwoDims(r), -7, 8),
            (x, a) => x.roll(a.N, a.Dim), (x, a) => x.roll(a.N, a.Dim)),
        One("roll(shifts)", r => new Case([In(Shape(r))], new Args { N = r.Next(-7, 8) }), (x, a) => x.roll(a.N), (x, a) => x.roll(a.N)),
        One("roll(shifts[], dims[])", r =>
        {
            var shape = Shape(r, 1, 4);
            var dims = SomeDims(r, shape.Length);
            return new Case([In(shape)], new Args { Dims = dims, Sizes = dims.Select(_ => (long)r.Next(-5, 6)).ToArray() });
        }, (x, a) => x.roll(a.Sizes, a.Dims), (x, a) => x.roll(a.Sizes, a.Dims)),
        One("torch.roll", r => WithN(r, TwoDims(r), -7, 8),
            (x, a) => E.roll(x, a.N, a.Dim), (x, a) => T.roll(x, a.N, a.Dim)),
        One("F.pad(constant)", r =>
        {
            var shape = Shape(r, 1, 4, max: 4);
            int pairs = r.Next(1, shape.Length + 1);
            var pad = Enumerable.Range(0, 2 * pairs).Select(i => (long)r.Next(-(int)Math.Min(2, shape[^(i / 2 + 1)] / 2), 3)).ToArray();
            return new Case([In(shape)], new Args { Sizes = pad, P = Scalars[r.Next(Scalars.Length)] });
        }, (x, a) => EF.pad(x, a.Sizes, value: a.P), (x, a) => TF.pad(x, a.Sizes, value: a.P)),
        One("F.pad(Zeros)", r => PadCase(r, reflect: false), (x, a) => EF.pad(x, a.Sizes, EPad.Zeros), (x, a) => TF.pad(x, a.Sizes, TPad.Zeros)),
        One("F.pad(Reflect)", r => PadCase(r, reflect: true), (x, a) => EF.pad(x, a.Sizes, EPad.Reflect), (x, a) => TF.pad(x, a.Sizes, TPad.Reflect)),
        One("F.pad(Replicate)", r => PadCase(r, reflect: false), (x, a) => EF.pad(x, a.Sizes, EPad.Replicate), (x, a) => TF.pad(x, a.Sizes, TPad.Replicate)),
        One("F.pad(Circular)", r => PadCase(r, reflect: true), (x, a) => EF.pad(x, a.Sizes, EPad.Circular), (x, a) => TF.pad(x, a.Sizes, TPad.Circular)),
    ];

    /// <summary>Non-constant padding of the last 1 or 2 dims of a 2-4-D tensor, as PyTorch accepts it (reflect and circular pads smaller than the size).</summary>
    static Case PadCase(Random r, bool reflect)
    {
        int padded = r.Next(1, 3);
        var shape = Shape(r, padded + 1, padded + 2, allowEmpty: false);
        var pad = Enumerable.Range(0, 2 * padded).Select(i => (long)r.Next(0, reflect ? (int)Math.Min(3, shape[^(i / 2 + 1)]) : 3)).ToArray();
        return new Case([In(shape)], new Args { Sizes = pad });
    }

    static Case WithN(Random r, Case c, int min, int max) => c with { Args = c.Args with { N = r.Next(min, max) } };

    static int Wrap(int dim, Case c) => Wrap(dim, c.Inputs[0].Shape.Length);

    static int Wrap(int dim, int rank) => rank == 0 ? 0 : (dim % rank + rank) % rank;
}
