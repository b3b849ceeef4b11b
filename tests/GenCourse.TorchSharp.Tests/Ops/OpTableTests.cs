namespace CrossEngine.Tests.Ops;

/// <summary>
/// Every op of <see cref="OpTable"/> on both engines, forward and backward, in float32 and float64, on random
/// ordinary cases, edge values (signed zeros, subnormals, huge magnitudes, ties, domain edges) and, forward only,
/// NaN and infinities. The seeds are fixed; GENCOURSE_OPS_SEED shifts them all for exploratory runs.
/// </summary>
public class OpTableTests
{
    const int OrdinaryCases = 8, EdgeCases = 4, NonFiniteCases = 2;

    public static TheoryData<string> OpNames => new(OpTable.All.Select(op => op.Name));

    static readonly int BaseSeed = int.TryParse(Environment.GetEnvironmentVariable("GENCOURSE_OPS_SEED"), out int s) ? s : 20261207;

    /// <summary>A seed that depends only on the op's name, the dtype, the kind of values and the case number (string.GetHashCode is randomised per process).</summary>
    static int Seed(string name, bool float32, ValueKind kind, int i)
    {
        uint h = 2166136261;
        foreach (char c in $"{name}|{float32}|{kind}|{i}|{BaseSeed}") h = (h ^ c) * 16777619;
        return (int)(h & 0x7fffffff);
    }

    [Theory]
    [MemberData(nameof(OpNames))]
    public void Op_AgreesWithLibtorch_ForwardAndBackward(string name)
    {
        var op = OpTable.Find(name);
        var failures = new List<string>();
        int ran = 0, total = 0;
        foreach (bool float32 in new[] { false, true })
            foreach (var (kind, count) in new[] { (ValueKind.Ordinary, OrdinaryCases), (ValueKind.Edge, op.NoEdgeValues is null ? EdgeCases : 0), (ValueKind.NonFinite, op.NoNonFinite is null ? NonFiniteCases : 0) })
                for (int i = 0; i < count; i++)
                {
                    var outcome = OpDriver.Run(op, float32, kind, Seed(name, float32, kind, i));
                    total++;
                    if (outcome.Ran) ran++;
                    if (outcome.Failure is not null) failures.Add(outcome.Failure);
                }
        Assert.True(failures.Count == 0, $"{failures.Count} of {total} cases disagree:\n\n" + string.Join("\n\n", failures.Take(3)));
        Assert.True(ran * 2 >= total, $"{name}: both engines rejected {total - ran} of {total} random cases; the sampler makes invalid cases");
    }

    [Fact]
    public void OpTable_NamesAreUnique() => Assert.Equal(OpTable.All.Length, OpTable.All.Select(op => op.Name).Distinct().Count());
}
