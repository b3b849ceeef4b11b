extern alias Embedded;

using System.Text;
using E = Embedded::GenCourse.torch;
using EType = Embedded::GenCourse.ScalarType;
using ETensor = Embedded::GenCourse.Tensor;
using T = TorchSharp.torch;
using TTensor = TorchSharp.torch.Tensor;
using Bridge = GenCourse.Interop.EngineBridge;
using static CrossEngine.Tests.Ops.RandomInputs;

namespace CrossEngine.Tests.Ops;

/// <summary>
/// A random DAG of 3-12 shared ops over 1-3 leaves (more join as operands of binary ops), built from a seed with the
/// shapes and values in view: an op is only applied where its shapes fit and its domain holds, and a step whose values
/// blow up (non-finite or beyond 1e4) is dropped. The loss is sum(node * w) over the nodes no later step uses.
/// </summary>
public sealed class ExpressionGraph
{
    public abstract record Node(string Name, long[] Shape);

    public sealed record Leaf(string Name, long[] Shape, double[] Values) : Node(Name, Shape);

    public sealed record Step(string Name, long[] Shape, GraphOp Op, int[] Inputs, Args Args) : Node(Name, Shape);

    public int Seed { get; }
    public bool Float32 { get; }
    /// <summary>Leaves and steps in the order they were made; steps refer to earlier nodes by index.</summary>
    public List<Node> Nodes { get; } = [];
    /// <summary>The nodes that make the loss, with their weights.</summary>
    public List<(int node, double[] weights)> Outputs { get; } = [];

    IEnumerable<Leaf> Leaves => Nodes.OfType<Leaf>();

    EType DType => Float32 ? EType.Float32 : EType.Float64;

    ExpressionGraph(int seed, bool float32) => (Seed, Float32) = (seed, float32);

    public static ExpressionGraph Generate(int seed)
    {
        var r = new Random(seed);
        var g = new ExpressionGraph(seed, r.NextDouble() < 0.25);
        var values = new List<ETensor>();   // the embedded engine's value of every node, for the domain checks
        int leaves = 0, steps = 0;

        double[] Draw(long[] shape) => Values(r, Domain.Real, Numel(shape), ValueKind.Ordinary, g.Float32);

        int AddLeaf(long[] shape, double[] v)
        {
            g.Nodes.Add(new Leaf($"x{leaves++}", shape, v));
            values.Add(E.tensor(v, shape, dtype: g.DType));
            return g.Nodes.Count - 1;
        }

        var baseShape = Shape(r, 1, 3, allowEmpty: false, max: 4);
        AddLeaf(baseShape, Draw(baseShape));
        for (int i = r.Next(0, 3); i > 0; i--)
        {
            var shape = Variant(r, baseShape);
            AddLeaf(shape, Draw(shape));
        }

        int target = r.Next(3, 13);
        var used = new HashSet<int>();
        for (int attempt = 0; attempt < 300 && steps < target; attempt++)
        {
            var op = GraphOps.All[r.Next(GraphOps.All.Length)];
            int count = g.Nodes.Count;
            // operands favour recent nodes, so the graph grows deep as well as wide
            var inputs = Enumerable.Range(0, op.Arity).Select(_ => count - 1 - (int)((count - 1) * Math.Pow(r.NextDouble(), 2))).ToArray();
            // two distinct operands where there is a choice: atan2(v, v) is constant, and its derivatives only rounding noise
            if (op.Arity == 2 && inputs[0] == inputs[1] && count > 1) inputs[1] = (inputs[0] + 1 + r.Next(count - 1)) % count;
            var operands = inputs.Select(i => new GraphValue(g.Nodes[i].Name, g.Nodes[i].Shape, EngineCompare.Values(values[i]))).ToArray();
            var args = op.Plan(operands, r);
            long[]? fresh = null;
            if (args is null && op.Arity == 2 && operands[0].Rank > 0)
            {
                // a fresh leaf that fits the first operand: [k, m] for matmul, else its shape with some sizes 1
                var a = operands[0].Shape;
                fresh = op.Name == "matmul" ? [a[^1], r.Next(1, 4)] : a.Select(s => r.NextDouble() < 0.3 ? 1 : s).ToArray();
                operands[1] = new GraphValue("fresh", fresh, new double[Numel(fresh)]);
                args = op.Plan(operands, r);
            }
            if (args is null) continue;
            ETensor y;
            var xs = inputs.Select(i => values[i]).ToArray();
            var freshValues = fresh is null ? null : Draw(fresh);
            if (fresh is not null) xs[1] = E.tensor(freshValues!, fresh, dtype: g.DType);
            try
            {
                using var _ = E.no_grad();
                y = op.Embedded(xs, args);
            }
            catch (ArgumentException) { continue; }
            var yv = EngineCompare.Values(y);
            if (yv.Length == 0 || yv.Length > 256 || yv.Any(v => !double.IsFinite(v) || Math.Abs(v) > 1e4)) continue;
            if (fresh is not null) inputs[1] = AddLeaf(fresh, freshValues!);
            g.Nodes.Add(new Step($"v{++steps}", y.shape, op, inputs, args));
            values.Add(y.detach());
            foreach (var i in inputs) used.Add(i);
        }
        for (int node = 0; node < g.Nodes.Count; node++)
            if (g.Nodes[node] is Step && (!used.Contains(node) || node == g.Nodes.Count - 1))
                g.Outputs.Add((node, Values(r, Domain.Real, Numel(g.Nodes[node].Shape), ValueKind.Ordinary, g.Float32)));
        if (g.Outputs.Count == 0) g.Outputs.Add((0, Values(r, Domain.Real, Numel(g.Nodes[0].Shape), ValueKind.Ordinary, g.Float32)));
        return g;
    }

    /// <summary>A shape that broadcasts with <paramref name="shape"/>: leading dims dropped, some sizes set to 1.</summary>
    static long[] Variant(Random r, long[] shape) =>
        shape.Skip(r.Next(0, shape.Length)).Select(s => r.NextDouble() < 0.3 ? 1 : s).ToArray();

    /// <summary>One engine's evaluation: a tensor per node (the leaves require grad) and the loss.</summary>
    sealed record Evaluation<TT>(TT[] Nodes, TT Loss);

    Evaluation<ETensor> EvaluateEmbedded()
    {
        var nodes = new List<ETensor>();
        foreach (var n in Nodes)
            nodes.Add(n is Leaf l
                ? E.tensor(l.Values, l.Shape, dtype: DType, requires_grad: true)
                : ((Step)n).Op.Embedded(((Step)n).Inputs.Select(i => nodes[i]).ToArray(), ((Step)n).Args));
        var loss = Outputs.Select(o => (nodes[o.node] * E.tensor(o.weights, nodes[o.node].shape, dtype: DType)).sum()).Aggregate((a, b) => a + b);
        return new([.. nodes], loss);
    }

    Evaluation<TTensor> EvaluateTorch()
    {
        var type = Float32 ? T.ScalarType.Float32 : T.ScalarType.Float64;
        var nodes = new List<TTensor>();
        foreach (var n in Nodes)
            nodes.Add(n is Leaf l
                ? Bridge.ToTorchSharp(E.tensor(l.Values, l.Shape, dtype: DType, requires_grad: true))
                : ((Step)n).Op.Torch(((Step)n).Inputs.Select(i => nodes[i]).ToArray(), ((Step)n).Args));
        var loss = Outputs.Select(o => (nodes[o.node] * T.tensor(o.weights, nodes[o.node].shape, dtype: type)).sum()).Aggregate((a, b) => a + b);
        return new([.. nodes], loss);
    }

    /// <summary>
    /// Evaluates the graph on both engines and compares every node's values, then the gradients of the loss with
    /// respect to every leaf (or, with <paramref name="secondOrder"/>, the gradients of sum(grad * v) for random v, through
    /// autograd.grad with create_graph). Null when they agree, else the report with the graph as C#.
    /// </summary>
    public string? Check(double rtol, bool secondOrder = false)
    {
        using var scope = T.NewDisposeScope();
        var (e, t) = (EvaluateEmbedded(), EvaluateTorch());
        for (int node = 0; node < Nodes.Count; node++)
            if (Nodes[node] is Step step && EngineCompare.Mismatch(e.Nodes[node], t.Nodes[node], rtol, 0.1) is { } m)
                return Report($"{step.Name} = {step.Op.Name}(...) differs: {m}");
        var leaves = Enumerable.Range(0, Nodes.Count).Where(i => Nodes[i] is Leaf).ToArray();
        if (!secondOrder)
        {
            e.Loss.backward();
            t.Loss.backward();
        }
        else
        {
            // TorchSharp keeps the graph for a later backward only with retain_graph (NOTEBOOK-FACTS.md)
            var eGrads = E.autograd.grad([e.Loss], leaves.Select(i => e.Nodes[i]).ToArray(), create_graph: true, retain_graph: true, allow_unused: true);
            var tGrads = T.autograd.grad([t.Loss], leaves.Select(i => t.Nodes[i]).ToArray(), create_graph: true, retain_graph: true, allow_unused: true);
            var r = new Random(Seed + 1);
            var type = Float32 ? T.ScalarType.Float32 : T.ScalarType.Float64;
            // A gradient that is constant on one engine may still be recorded on the other (libtorch records relu's
            // threshold_backward with respect to x, whose derivative is 0): its share of the second order is then 0.
            var eTerms = new List<ETensor>();
            var tTerms = new List<TTensor>();
            for (int k = 0; k < leaves.Length; k++)
            {
                var v = Values(r, Domain.Real, Numel(Nodes[leaves[k]].Shape), ValueKind.Ordinary, Float32);
                if (eGrads[k] is { requires_grad: true } eg) eTerms.Add((eg * E.tensor(v, Nodes[leaves[k]].Shape, dtype: DType)).sum());
                if (Defined(tGrads[k]) is { requires_grad: true } tg) tTerms.Add((tg * T.tensor(v, Nodes[leaves[k]].Shape, dtype: type)).sum());
            }
            if (eTerms.Count > 0) eTerms.Aggregate((a, b) => a + b).backward();
            if (tTerms.Count > 0) tTerms.Aggregate((a, b) => a + b).backward();
        }
        foreach (int i in leaves)
        {
            var eg = e.Nodes[i].grad ?? E.zeros_like(e.Nodes[i]);
            var tg = Defined(t.Nodes[i].grad) ?? T.zeros_like(t.Nodes[i]);
            if (EngineCompare.Mismatch(eg, tg, rtol, 0.1) is { } m)
                return Report($"{(secondOrder ? "second-order gradient" : "gradient")} of {Nodes[i].Name} differs: {m}");
        }
        return null;
    }

    /// <summary>
    /// The tensor, or null when TorchSharp hands back an undefined one: a leaf's .grad after a second-order backward that
    /// reached it with no gradient is a Tensor object whose every member throws NullReferenceException (TorchSharp 0.107).
    /// </summary>
    static TTensor? Defined(TTensor? t)
    {
        if (t is null || t.IsInvalid) return null;
        try { _ = t.shape; _ = t.numel(); return t; }
        catch (NullReferenceException) { return null; }
    }

    string Report(string what)
    {
        var s = new StringBuilder();
        s.AppendLine($"Expression graph from seed {Seed} ({(Float32 ? "float32" : "float64")}): {what}");
        s.AppendLine($"reproduce: Assert.Null(ExpressionGraph.Generate({Seed}).Check(...)), or paste into a test (using static GenCourse.torch; using F = GenCourse.torch.nn.functional;):");
        s.Append(Code());
        return s.ToString();
    }

    /// <summary>The graph as C# for a test of the embedded engine (values exact: printed round-trip).</summary>
    public string Code()
    {
        string Array(double[] v) => Float32
            ? "new float[] { " + string.Join(", ", v.Select(x => ((float)x).ToString("R") + "f")) + " }"
            : "new double[] { " + string.Join(", ", v.Select(x => x.ToString("R"))) + " }";
        string type = Float32 ? "float32" : "float64";
        var s = new StringBuilder();
        foreach (var n in Nodes)
            s.AppendLine(n is Leaf l
                ? $"var {l.Name} = tensor({Array(l.Values)}, {Format(l.Shape)}, dtype: {type}, requires_grad: true);"
                : $"var {n.Name} = {((Step)n).Op.Code(((Step)n).Inputs.Select(i => Nodes[i].Name).ToArray(), ((Step)n).Args)};");
        var terms = Outputs.Select(o => $"({Nodes[o.node].Name} * tensor({Array(o.weights)}, {Nodes[o.node].Name}.shape, dtype: {type})).sum()");
        s.AppendLine($"var loss = {string.Join(" + ", terms)};");
        s.AppendLine($"loss.backward();   // then compare {string.Join(", ", Leaves.Select(l => l.Name + ".grad"))} with libtorch's");
        return s.ToString();
    }
}
