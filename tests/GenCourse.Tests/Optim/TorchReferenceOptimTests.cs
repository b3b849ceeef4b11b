using System.Reflection;
using System.Text.Json;
using GenCourse;
using GenCourse.Optim;
using GenCourse.Optim.lr_scheduler;
using static GenCourse.torch;
using static GenCourse.torch.nn;

namespace GenCourse.Tests.Optim;

/// <summary>
/// Optimizers and schedulers against PyTorch 1.13 (Fixtures/torch_optim.json). Each case is built through the
/// torch.optim factory by reflection: the fixture's keyword arguments by name, every other argument at the C#
/// default, so the defaults are checked against PyTorch's too.
/// </summary>
public class TorchReferenceOptimTests
{
    public static TheoryData<string> OptimizerCases() => TorchOptimFixture.Names("optimizers");

    public static TheoryData<string> SchedulerCases() => TorchOptimFixture.Names("schedulers");

    [Fact]
    public void Fixture_CoversEveryOptimizerAndScheduler()
    {
        var optimizers = TorchOptimFixture.Root.GetProperty("optimizers").EnumerateArray().Select(c => c.GetProperty("optimizer").GetString()).ToHashSet();
        Assert.Equal(["Adagrad", "Adam", "AdamW", "RMSprop", "SGD"], optimizers.Order());
        var schedulers = TorchOptimFixture.Root.GetProperty("schedulers").EnumerateArray().Select(c => c.GetProperty("scheduler").GetString()).ToHashSet();
        Assert.Equal(["CosineAnnealingLR", "ExponentialLR", "LambdaLR", "LinearLR", "StepLR"], schedulers.Order());
    }

    [Theory]
    [MemberData(nameof(OptimizerCases))]
    public void Optimizer_FirstThreeSteps_MatchPyTorch(string name)
    {
        var c = TorchOptimFixture.Case("optimizers", name);
        var (parameters, loss) = TorchOptimFixture.Quadratic();
        var optimizer = CreateOptimizer(c, parameters);
        int step = 0;
        foreach (var expected in c.GetProperty("steps").EnumerateArray())
        {
            optimizer.zero_grad();
            loss().backward();
            optimizer.step();
            step++;
            foreach (var (p, e) in parameters.Zip(expected.EnumerateArray()))
                OptimAssert.Close(TorchOptimFixture.ToTensor(e), p, 1e-10, $"{name}, step {step}");
        }
    }

    [Theory]
    [MemberData(nameof(OptimizerCases))]
    public void Optimizer_StateAfterThreeSteps_MatchesPyTorchStateDict(string name)
    {
        var c = TorchOptimFixture.Case("optimizers", name);
        var (parameters, loss) = TorchOptimFixture.Quadratic();
        var optimizer = CreateOptimizer(c, parameters);
        for (int i = 0; i < 3; i++)
        {
            optimizer.zero_grad();
            loss().backward();
            optimizer.step();
        }
        var state = optimizer.state_dict().state;
        foreach (var entry in c.GetProperty("state").EnumerateObject())
        {
            int index = int.Parse(entry.Name);
            var expected = entry.Value.EnumerateObject().ToList();
            var actual = state.GetValueOrDefault(index) ?? [];
            Assert.Equal(expected.Select(e => e.Name).Order(), actual.Keys.Order());
            foreach (var e in expected)
                if (e.Name == "step") Assert.Equal((long)e.Value.GetDouble(), actual["step"].item<long>());
                else OptimAssert.Close(TorchOptimFixture.ToTensor(e.Value), actual[e.Name], 1e-10, $"{name}: {e.Name} of parameter {index}");
        }
    }

    [Theory]
    [MemberData(nameof(SchedulerCases))]
    public void Scheduler_LearningRates_MatchPyTorch(string name)
    {
        var c = TorchOptimFixture.Case("schedulers", name);
        var groupLrs = c.GetProperty("group_lrs").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var optimizer = optim.SGD(groupLrs.Select(lr => new ParamGroup([new Parameter(zeros(1))], lr)), lr: 1.0);
        var scheduler = CreateScheduler(c, optimizer);
        int epoch = 0;
        foreach (var expected in c.GetProperty("lrs").EnumerateArray())
        {
            if (epoch > 0)
            {
                optimizer.step();
                scheduler.step();
            }
            Assert.Equal(epoch, scheduler.last_epoch);
            var lrs = expected.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (int g = 0; g < lrs.Length; g++)
            {
                Assert.True(Math.Abs(lrs[g] - scheduler.get_last_lr()[g]) <= 1e-15, $"{name}, epoch {epoch}, group {g}: torch {lrs[g]:R}, got {scheduler.get_last_lr()[g]:R}");
                Assert.Equal(scheduler.get_last_lr()[g], optimizer.param_groups[g].lr);
            }
            epoch++;
        }
    }

    static readonly Dictionary<string, Func<int, double>> Lambdas = new()
    {
        ["inverse"] = e => 1.0 / (1 + e),
        ["warmup4"] = e => Math.Min(1.0, (e + 1) / 4.0),
    };

    static Optimizer CreateOptimizer(JsonElement c, Parameter[] parameters)
    {
        var groups = c.GetProperty("groups").EnumerateArray().Select(g => new ParamGroup(
            g.GetProperty("params").EnumerateArray().Select(i => parameters[i.GetInt32()]),
            g.TryGetProperty("lr", out var lr) ? lr.GetDouble() : null,
            g.TryGetProperty("weight_decay", out var wd) ? wd.GetDouble() : null)).ToList();
        var options = c.GetProperty("options");
        var named = options.EnumerateObject().ToDictionary(o => o.Name, o => o.Value);
        if (named.Remove("betas", out var betas))
            (named["beta1"], named["beta2"]) = (betas[0], betas[1]);
        return (Optimizer)Call(typeof(torch.optim), c.GetProperty("optimizer").GetString()!, typeof(IEnumerable<ParamGroup>), groups, named);
    }

    static LRScheduler CreateScheduler(JsonElement c, Optimizer optimizer)
    {
        var named = c.GetProperty("options").EnumerateObject().ToDictionary(o => o.Name, o => o.Value);
        var name = c.GetProperty("scheduler").GetString()!;
        return name == "LambdaLR"
            ? optim.lr_scheduler.LambdaLR(optimizer, Lambdas[c.GetProperty("lambda").GetString()!])
            : (LRScheduler)Call(typeof(optim.lr_scheduler), name, typeof(Optimizer), optimizer, named);
    }

    /// <summary>Calls the factory <paramref name="method"/> with its first argument and the others by name (or their defaults).</summary>
    static object Call(Type factories, string method, Type firstType, object first, Dictionary<string, JsonElement> named)
    {
        var m = factories.GetMethods(BindingFlags.Public | BindingFlags.Static).Single(m => m.Name == method && m.GetParameters()[0].ParameterType == firstType);
        var ps = m.GetParameters();
        Assert.Empty(named.Keys.Except(ps.Select(p => p.Name!)));      // every torch option has a C# counterpart
        var args = ps.Select((p, i) => i == 0 ? first
            : named.TryGetValue(p.Name!, out var v) ? Convert(v, p.ParameterType)
            : p.HasDefaultValue ? p.DefaultValue
            : throw new ArgumentException($"{method}: no value for {p.Name}")).ToArray();
        return m.Invoke(null, args)!;
    }

    static object Convert(JsonElement v, Type type) =>
        type == typeof(bool) ? v.GetBoolean() : type == typeof(int) ? (object)v.GetInt32() : v.GetDouble();
}
