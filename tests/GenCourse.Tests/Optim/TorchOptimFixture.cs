using System.Text.Json;
using GenCourse;
using static GenCourse.torch;
using static GenCourse.torch.nn;

namespace GenCourse.Tests.Optim;

/// <summary>
/// Fixtures/torch_optim.json (written by Fixtures/make_torch_optim.py with PyTorch 1.13, float64): parameters of
/// torch.optim optimizers after each of three steps on a quadratic, and lr_scheduler sequences.
/// </summary>
static class TorchOptimFixture
{
    public static readonly JsonElement Root = Load();

    static JsonElement Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch_optim.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    public static JsonElement Case(string section, string name) =>
        Root.GetProperty(section).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static TheoryData<string> Names(string section) =>
        new(Root.GetProperty(section).EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

    public static Tensor ToTensor(JsonElement e) =>
        tensor(e.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
            e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray());

    /// <summary>The fixture's problem: fresh float64 parameters P_i and loss = sum_i 0.5 sum(A_i (P_i - C_i)^2).</summary>
    public static (Parameter[] parameters, Func<Tensor> loss) Quadratic()
    {
        var problem = Root.GetProperty("problem");
        Tensor[] Get(string key) => problem.GetProperty(key).EnumerateArray().Select(ToTensor).ToArray();
        var parameters = Get("initial").Select(t => new Parameter(t)).ToArray();
        var (a, c) = (Get("A"), Get("C"));
        return (parameters, () => parameters.Select((p, i) => 0.5 * (a[i] * (p - c[i]).square()).sum()).Aggregate((x, y) => x + y));
    }
}
