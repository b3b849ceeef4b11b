using GenCourse;
using GenCourse.Optim;
using static GenCourse.torch;
using static GenCourse.torch.nn;

namespace GenCourse.Tests.Optim;

/// <summary>Checkpointing an optimizer with state_dict()/load_state_dict() and resuming exactly.</summary>
public class OptimizerStateDictTests
{
    public static TheoryData<string> Kinds() => new(["SGD", "Adam", "AdamW", "RMSprop", "Adagrad"]);

    static Optimizer Create(string kind, Parameter[] ps) => kind switch
    {
        "SGD" => optim.SGD([new ParamGroup([ps[0]]), new ParamGroup([ps[1]], lr: 0.05)], lr: 0.1, momentum: 0.9, weight_decay: 0.1, nesterov: true),
        "Adam" => optim.Adam([new ParamGroup([ps[0]]), new ParamGroup([ps[1]], lr: 0.05)], lr: 0.1, weight_decay: 0.1, amsgrad: true),
        "AdamW" => optim.AdamW([new ParamGroup([ps[0]]), new ParamGroup([ps[1]], lr: 0.05)], lr: 0.1, beta2: 0.5, amsgrad: true),
        "RMSprop" => optim.RMSprop([new ParamGroup([ps[0]]), new ParamGroup([ps[1]], lr: 0.05)], lr: 0.01, momentum: 0.5, centered: true),
        "Adagrad" => optim.Adagrad([new ParamGroup([ps[0]]), new ParamGroup([ps[1]], lr: 0.05)], lr: 0.1, lr_decay: 0.1, initial_accumulator_value: 0.1),
        _ => throw new ArgumentException(kind),
    };

    static Parameter[] Clone(Parameter[] ps) => ps.Select(p => new Parameter(p.detach().clone())).ToArray();

    /// <summary>Steps on a quadratic whose gradient depends on the step, so every buffer matters.</summary>
    static void Train(Optimizer optimizer, Parameter[] ps, int from, int steps)
    {
        for (int t = from; t < from + steps; t++)
        {
            optimizer.zero_grad();
            var target = 0.3 * Math.Sin(t);
            ps.Select(p => ((p - target).square() * (1 + t % 3)).sum()).Aggregate((a, b) => a + b).backward();
            optimizer.step();
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void LoadStateDict_ResumedRun_IsIdenticalToTheUninterruptedOne(string kind)
    {
        var original = new[] { new Parameter(tensor(new[] { 1.0, -2.0, 0.5 })), new Parameter(tensor(new[] { 0.3, 0.7, -1.2, 2.0 }, [2, 2])) };
        var optimizer = Create(kind, original);
        Train(optimizer, original, 0, 3);
        var checkpoint = optimizer.state_dict();
        var resumed = Clone(original);
        var fresh = Clone(original);
        Train(optimizer, original, 3, 3);

        var restored = Create(kind, resumed);
        restored.load_state_dict(checkpoint);
        Train(restored, resumed, 3, 3);
        Train(Create(kind, fresh), fresh, 3, 3);

        for (int i = 0; i < original.Length; i++)
        {
            Assert.Equal(original[i].ToArray<double>(), resumed[i].ToArray<double>());      // bit for bit
            Assert.NotEqual(original[i].ToArray<double>(), fresh[i].ToArray<double>());     // the state matters
        }
    }

    [Fact]
    public void StateDict_KeysStateByParameterIndexInGroupOrder()
    {
        var (a, b, c) = (new Parameter(zeros([2], float64)), new Parameter(zeros([3], float64)), new Parameter(ones([2, 2], float64)));
        var adam = optim.Adam([new ParamGroup([a], lr: 0.5), new ParamGroup([b, c])], lr: 0.1);
        c.grad = ones([2, 2], float64);
        adam.step();
        var sd = adam.state_dict();
        Assert.Equal([0], sd.param_groups[0].param_indices);
        Assert.Equal([1, 2], sd.param_groups[1].param_indices);
        Assert.Equal([0.5, 0.1], sd.param_groups.Select(g => g.lr));
        Assert.Equal([2], sd.state.Keys);
        Assert.Equal(["exp_avg", "exp_avg_sq", "step"], sd.state[2].Keys.Order());
        Assert.Equal(1L, sd.state[2]["step"].item<long>());
        OptimAssert.Close([0.1, 0.1, 0.1, 0.1], sd.state[2]["exp_avg"].ToArray<double>(), 1e-15);   // (1 - beta1) g
    }

    [Fact]
    public void StateDict_IsASnapshot_UnchangedByLaterSteps()
    {
        var p = new Parameter(zeros([2], float64));
        var adam = optim.Adam([p], lr: 0.1);
        p.grad = ones([2], float64);
        adam.step();
        var sd = adam.state_dict();
        adam.step();
        OptimAssert.Close([0.1, 0.1], sd.state[0]["exp_avg"].ToArray<double>(), 1e-15);
        Assert.Equal(1L, sd.state[0]["step"].item<long>());
    }

    [Fact]
    public void LoadStateDict_RestoresGroupLearningRatesAndInitialLr()
    {
        var p = new Parameter(zeros([2], float64));
        var sgd = optim.SGD([p], lr: 0.1, weight_decay: 0.01);
        var scheduler = optim.lr_scheduler.StepLR(sgd, step_size: 1, gamma: 0.5);
        scheduler.step();
        var restored = optim.SGD([new Parameter(zeros([2], float64))], lr: 0.7);
        restored.load_state_dict(sgd.state_dict());
        var g = restored.param_groups[0];
        Assert.Equal((0.05, 0.01, 0.1), (g.lr!.Value, g.weight_decay!.Value, g.initial_lr!.Value));
    }

    [Fact]
    public void LoadStateDict_CastsBuffersToTheParameterDtype()
    {
        var p64 = new Parameter(zeros([2], float64));
        var adam = optim.Adam([p64], lr: 0.1);
        p64.grad = ones([2], float64);
        adam.step();
        var p32 = new Parameter(zeros([2], float32));
        var restored = optim.Adam([p32], lr: 0.1);
        restored.load_state_dict(adam.state_dict());
        p32.grad = ones([2], float32);
        restored.step();
        Assert.Equal(ScalarType.Float32, restored.state_dict().state[0]["exp_avg"].dtype);
        Assert.Equal(2L, restored.state_dict().state[0]["step"].item<long>());
    }

    static OptimizerStateDict TrainedAdamState()
    {
        var p = new Parameter(zeros([2], float64));
        var adam = optim.Adam([p], lr: 0.1);
        p.grad = ones([2], float64);
        adam.step();
        return adam.state_dict();
    }

    [Fact]
    public void LoadStateDict_DifferentNumberOfGroups_ThrowsNamingBothCounts()
    {
        var adam = optim.Adam([new ParamGroup([new Parameter(zeros([2], float64))]), new ParamGroup([new Parameter(zeros([2], float64))])]);
        var ex = Assert.Throws<ArgumentException>(() => adam.load_state_dict(TrainedAdamState()));
        Assert.Contains("1 parameter group(s)", ex.Message);
        Assert.Contains("has 2", ex.Message);
    }

    [Fact]
    public void LoadStateDict_DifferentNumberOfParameters_ThrowsNamingTheGroup()
    {
        var adam = optim.Adam([new Parameter(zeros([2], float64)), new Parameter(zeros([2], float64))]);
        var ex = Assert.Throws<ArgumentException>(() => adam.load_state_dict(TrainedAdamState()));
        Assert.Contains("parameter group 0 has 1 parameter(s) in the state dict but 2", ex.Message);
    }

    [Fact]
    public void LoadStateDict_DifferentParameterShape_ThrowsAndKeepsTheCurrentState()
    {
        var p = new Parameter(zeros([3], float64));
        var adam = optim.Adam([p], lr: 0.1);
        p.grad = ones([3], float64);
        adam.step();
        var ex = Assert.Throws<ArgumentException>(() => adam.load_state_dict(TrainedAdamState()));
        Assert.Contains("\"exp_avg\" of parameter 0 has shape [2]", ex.Message);
        Assert.Contains("[3]", ex.Message);
        Assert.Equal([3], adam.state_dict().state[0]["exp_avg"].shape);
    }
}
