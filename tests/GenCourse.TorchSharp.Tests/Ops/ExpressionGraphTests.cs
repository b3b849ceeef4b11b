namespace CrossEngine.Tests.Ops;

/// <summary>
/// Random expression graphs (<see cref="ExpressionGraph"/>) evaluated on both engines from the same leaves: every node's
/// values and every leaf's gradient must agree, and for a share of them the second-order gradients through
/// autograd.grad(create_graph: true). A disagreement prints the seed and the graph as C#.
/// </summary>
public class ExpressionGraphTests
{
    /// <summary>Graphs per run: 1-6 ms each on both engines (more when other work shares the two cores), so the two tests take 10-60 s.</summary>
    const int Graphs = 5000, SecondOrderGraphs = 1500;

    /// <summary>
    /// Compositions of up to 12 ops compound rounding (exp, softmax and divisions amplify it), so the tolerances are
    /// wider than one op's: float64 1e-7, float32 2e-3, relative to the element or the tensor's median magnitude.
    /// </summary>
    const double Float64Tolerance = 1e-7, Float32Tolerance = 2e-3;

    static readonly int BaseSeed = int.TryParse(Environment.GetEnvironmentVariable("GENCOURSE_OPS_SEED"), out int s) ? s : 0;

    static void CheckGraphs(int count, int firstSeed, bool secondOrder)
    {
        var failures = new List<string>();
        int steps = 0;
        for (int i = 0; i < count; i++)
        {
            var graph = ExpressionGraph.Generate(firstSeed + i);
            steps += graph.Nodes.Count(n => n is ExpressionGraph.Step);
            var failure = graph.Check(graph.Float32 ? Float32Tolerance : Float64Tolerance, secondOrder);
            if (failure is not null) failures.Add(failure);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} graphs disagree:\n\n" + string.Join("\n\n", failures.Take(3)));
        Assert.True(steps >= count * 5, $"the graphs average {steps / (double)count:F1} steps; the generator rejects too many ops");
    }

    [Fact]
    public void RandomGraphs_ValuesAndGradientsAgree() => CheckGraphs(Graphs, BaseSeed * 100_000 + 1, secondOrder: false);

    [Fact]
    public void RandomGraphs_SecondOrderGradientsAgree() => CheckGraphs(SecondOrderGraphs, BaseSeed * 100_000 + 50_001, secondOrder: true);
}
