using GenCourse;
using GenCourse.Optim;
using static GenCourse.torch;
using static GenCourse.torch.nn;

namespace GenCourse.Tests.Optim;

/// <summary>Optimizer updates against formulas worked by hand, and the behaviour shared by all optimizers.</summary>
public class OptimizerTests
{
    static Parameter Param(params double[] values) => new(tensor(values));

    /// <summary>Sets the gradient, steps, and returns the parameter's values.</summary>
    static double[] StepWith(Optimizer optimizer, Parameter p, params double[] grad)
    {
        p.grad = tensor(grad);
        optimizer.step();
        return p.ToArray<double>();
    }

    static void Close(double[] expected, double[] actual) => OptimAssert.Close(expected, actual, 1e-12);

    public static TheoryData<string> Kinds() => new(["SGD", "Adam", "AdamW", "RMSprop", "Adagrad"]);

    /// <summary>Every optimizer, with weight decay and momentum where it has them (so a skipped parameter would still move if stepped).</summary>
    static Optimizer Create(string kind, IEnumerable<Parameter> parameters) => kind switch
    {
        "SGD" => optim.SGD(parameters, lr: 0.1, momentum: 0.9, weight_decay: 0.1),
        "Adam" => optim.Adam(parameters, lr: 0.1, weight_decay: 0.1, amsgrad: true),
        "AdamW" => optim.AdamW(parameters, lr: 0.1, weight_decay: 0.1),
        "RMSprop" => optim.RMSprop(parameters, lr: 0.1, weight_decay: 0.1, momentum: 0.5, centered: true),
        "Adagrad" => optim.Adagrad(parameters, lr: 0.1, lr_decay: 0.1, weight_decay: 0.1),
        _ => throw new ArgumentException(kind),
    };

    [Fact]
    public void SGD_Step_SubtractsLearningRateTimesGradient()
    {
        var p = Param(1, 2);
        Close([1 - 0.1 * 0.5, 2 + 0.1 * 1], StepWith(optim.SGD([p], lr: 0.1), p, 0.5, -1));
    }

    [Fact]
    public void SGD_Momentum_FirstStepTakesTheGradientUndampened()
    {
        var p = Param(1);
        var sgd = optim.SGD([p], lr: 0.1, momentum: 0.9, dampening: 0.5);
        Close([1 - 0.1 * 2], StepWith(sgd, p, 2));                  // b1 = g1 = 2
        double b2 = 0.9 * 2 + (1 - 0.5) * 4;                                // b2 = mu b1 + (1 - dampening) g2
        Close([0.8 - 0.1 * b2], StepWith(sgd, p, 4));
    }

    [Fact]
    public void SGD_Nesterov_StepsAlongGradientPlusMomentumTimesBuffer()
    {
        var p = Param(1);
        var sgd = optim.SGD([p], lr: 0.1, momentum: 0.9, nesterov: true);
        Close([1 - 0.1 * (2 + 0.9 * 2)], StepWith(sgd, p, 2));       // b1 = g1; d = g1 + mu b1
        double b2 = 0.9 * 2 + 4, p1 = 1 - 0.1 * 3.8;
        Close([p1 - 0.1 * (4 + 0.9 * b2)], StepWith(sgd, p, 4));
    }

    [Fact]
    public void SGD_WeightDecay_AddsDecayTimesParameterToTheGradient()
    {
        var p = Param(2);
        Close([2 - 0.1 * (0.5 + 0.01 * 2)], StepWith(optim.SGD([p], lr: 0.1, weight_decay: 0.01), p, 0.5));
    }

    [Fact]
    public void Adam_FirstStep_MovesByLearningRateTimesGradientOverItsMagnitude()
    {
        // m_hat = g and v_hat = g^2 after one step, so the step is lr g / (|g| + eps).
        var p = Param(1, -1, 0.5);
        var adam = optim.Adam([p], lr: 0.1, eps: 1e-3);
        Close([1 - 0.1 * 2 / (2 + 1e-3), -1 + 0.1 * 0.25 / (0.25 + 1e-3), 0.5 - 0.1 * 4 / (4 + 1e-3)], StepWith(adam, p, 2, -0.25, 4));
    }

    [Fact]
    public void Adam_SecondStep_UsesBiasCorrectedMoments()
    {
        var p = Param(1);
        var adam = optim.Adam([p], lr: 0.1, beta1: 0.8, beta2: 0.9, eps: 1e-8);
        double p1 = StepWith(adam, p, 2)[0];
        double m = 0.8 * 0.2 * 2 + 0.2 * 1, v = 0.9 * 0.1 * 4 + 0.1 * 1;    // g1 = 2, g2 = 1
        double expected = p1 - 0.1 * (m / (1 - 0.8 * 0.8)) / (Math.Sqrt(v / (1 - 0.9 * 0.9)) + 1e-8);
        Close([expected], StepWith(adam, p, 1));
    }

    [Fact]
    public void Adam_Amsgrad_DividesByTheLargestSecondMomentSoFar()
    {
        var p = Param(0);
        var adam = optim.Adam([p], lr: 0.1, beta1: 0.5, beta2: 0.5, eps: 0, amsgrad: true);
        StepWith(adam, p, 4);                                                // v1 = 8, then v2 = 4.5 < v1
        double m = 0.5 * 2 + 0.5 * 1, vmax = 8;
        double expected = -0.1 - 0.1 * (m / 0.75) / Math.Sqrt(vmax / 0.75);
        Close([expected], StepWith(adam, p, 1));
        var plain = optim.Adam([Param(0)], lr: 0.1, beta1: 0.5, beta2: 0.5, eps: 0);
        var q = plain.param_groups[0].parameters[0];
        StepWith(plain, q, 4);
        Assert.NotEqual(expected, StepWith(plain, q, 1)[0], 6);            // without amsgrad v2 = 4.5 is used
    }

    [Fact]
    public void AdamW_ShrinksWeightsBeforeTheAdamStep()
    {
        var p = Param(2);
        var adamw = optim.AdamW([p], lr: 0.1, weight_decay: 0.5, eps: 1e-3);
        Close([2 * (1 - 0.1 * 0.5) - 0.1 * 3 / (3 + 1e-3)], StepWith(adamw, p, 3));
    }

    [Fact]
    public void Adam_L2WeightDecay_AddsDecayTimesParameterToTheGradient()
    {
        var p = Param(2);
        double g = 3 + 0.5 * 2;
        Close([2 - 0.1 * g / (g + 1e-3)], StepWith(optim.Adam([p], lr: 0.1, weight_decay: 0.5, eps: 1e-3), p, 3));
    }

    [Fact]
    public void Adam_Float32_MatchesFloat64_InVectorAndTailElements()
    {
        var g = new Generator(3);
        var start = randn([37], generator: g, dtype: float64);                                // 37 = whole SIMD vectors + a scalar tail
        var grads = Enumerable.Range(0, 5).Select(_ => randn([37], generator: g, dtype: float64)).ToList();
        double[] Run(ScalarType dtype)
        {
            var p = new Parameter(start.to(dtype).clone());
            var adam = optim.Adam([p], lr: 0.01, weight_decay: 0.1, amsgrad: true);
            foreach (var grad in grads)
            {
                p.grad = grad.to(dtype);
                adam.step();
            }
            return p.ToArray<double>();
        }
        OptimAssert.Close(Run(float64), Run(float32), 1e-5);
    }

    [Fact]
    public void RMSprop_FirstStep_DividesByRootMeanSquare()
    {
        var p = Param(1);
        var rms = optim.RMSprop([p], lr: 0.01, alpha: 0.9);
        Close([1 - 0.01 * 2 / (Math.Sqrt(0.1 * 4) + 1e-8)], StepWith(rms, p, 2));
    }

    [Fact]
    public void RMSprop_Centered_SubtractsTheSquaredMeanGradient()
    {
        var p = Param(1);
        var rms = optim.RMSprop([p], lr: 0.01, alpha: 0.9, eps: 0, centered: true);
        double p1 = StepWith(rms, p, 2)[0];
        double sq = 0.9 * 0.4 + 0.1 * 1, mean = 0.9 * 0.2 + 0.1 * 1;        // g1 = 2, g2 = 1
        Close([p1 - 0.01 * 1 / Math.Sqrt(sq - mean * mean)], StepWith(rms, p, 1));
    }

    [Fact]
    public void RMSprop_Momentum_AccumulatesNormalisedSteps()
    {
        var p = Param(1);
        var rms = optim.RMSprop([p], lr: 0.01, alpha: 0.9, eps: 0, momentum: 0.5);
        double b1 = 2 / Math.Sqrt(0.4), p1 = 1 - 0.01 * b1;
        Close([p1], StepWith(rms, p, 2));
        double b2 = 0.5 * b1 + 1 / Math.Sqrt(0.9 * 0.4 + 0.1);
        Close([p1 - 0.01 * b2], StepWith(rms, p, 1));
    }

    [Fact]
    public void Adagrad_DividesByRootOfAccumulatedSquares_WithDecayingLearningRate()
    {
        var p = Param(1);
        var adagrad = optim.Adagrad([p], lr: 0.1, lr_decay: 0.5, initial_accumulator_value: 0.25, eps: 0);
        double p1 = 1 - 0.1 * 2 / Math.Sqrt(0.25 + 4);
        Close([p1], StepWith(adagrad, p, 2));
        Close([p1 - 0.1 / (1 + 0.5) * 1 / Math.Sqrt(4.25 + 1)], StepWith(adagrad, p, 1));
    }

    [Fact]
    public void ParamGroups_EachUseTheirOwnLearningRate_OrTheDefault()
    {
        var (a, b, c) = (Param(1), Param(1), Param(1));
        var sgd = optim.SGD([new ParamGroup([a], lr: 0.5), new ParamGroup([b, c])], lr: 0.1);
        foreach (var p in new[] { a, b, c }) p.grad = tensor(new[] { 1.0 });
        sgd.step();
        Assert.Equal([0.5, 0.1, 0.1], sgd.param_groups.SelectMany(g => g.parameters.Select(_ => g.lr!.Value)));
        Close([0.5, 0.9, 0.9], [a.item<double>(), b.item<double>(), c.item<double>()]);
    }

    [Fact]
    public void ParamGroups_WeightDecayCanBeSwitchedOffPerGroup()
    {
        var (decayed, plain) = (Param(2), Param(2));
        var sgd = optim.SGD([new ParamGroup([decayed]), new ParamGroup([plain], weight_decay: 0)], lr: 0.1, weight_decay: 0.5);
        decayed.grad = tensor(new[] { 1.0 });
        plain.grad = tensor(new[] { 1.0 });
        sgd.step();
        Close([2 - 0.1 * (1 + 0.5 * 2), 2 - 0.1], [decayed.item<double>(), plain.item<double>()]);
    }

    [Fact]
    public void ZeroGrad_SetsGradientsToNull()
    {
        var p = Param(1, 2);
        p.grad = tensor(new[] { 1.0, 1.0 });
        var sgd = optim.SGD([p], lr: 0.1);
        sgd.zero_grad();
        Assert.Null(p.grad);
    }

    [Fact]
    public void ZeroGrad_WithoutSetToNone_FillsGradientsWithZeros()
    {
        var p = Param(1, 2);
        var grad = p.grad = tensor(new[] { 1.0, 1.0 });
        optim.SGD([p], lr: 0.1).zero_grad(set_to_none: false);
        Assert.Same(grad, p.grad);
        Assert.Equal([0.0, 0.0], p.grad!.ToArray<double>());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Step_ParameterWithoutGradient_IsLeftUnchangedAndGetsNoState(string kind)
    {
        var (used, unused) = (Param(1, 2), Param(3, 4));
        var optimizer = Create(kind, [used, unused]);
        for (int i = 0; i < 2; i++)
        {
            optimizer.zero_grad();
            (used * used).sum().backward();
            optimizer.step();
        }
        Assert.Equal([3.0, 4.0], unused.ToArray<double>());
        Assert.NotEqual([1.0, 2.0], used.ToArray<double>());
        Assert.Equal([0], optimizer.state_dict().state.Keys);
    }

    [Fact]
    public void Step_GradientOfWrongShape_Throws()
    {
        var p = Param(1, 2);
        p.grad = tensor(new[] { 1.0, 2.0, 3.0 });
        var ex = Assert.Throws<InvalidOperationException>(() => optim.Adam([p]).step());
        Assert.Contains("[2]", ex.Message);
        Assert.Contains("[3]", ex.Message);
    }

    [Fact]
    public void Constructors_RejectInvalidOptions()
    {
        Parameter[] ps = [Param(1)];
        Assert.Contains("learning rate", Assert.Throws<ArgumentException>(() => optim.SGD(ps, lr: -1)).Message);
        Assert.Contains("Nesterov", Assert.Throws<ArgumentException>(() => optim.SGD(ps, lr: 0.1, nesterov: true)).Message);
        Assert.Contains("betas", Assert.Throws<ArgumentException>(() => optim.Adam(ps, beta2: 1)).Message);
        Assert.Contains("weight_decay", Assert.Throws<ArgumentException>(() => optim.RMSprop(ps, weight_decay: -0.1)).Message);
        Assert.Contains("lr_decay", Assert.Throws<ArgumentException>(() => optim.Adagrad(ps, lr_decay: -1)).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => optim.Adam(Array.Empty<Parameter>())).Message);
        Assert.Contains("more than once", Assert.Throws<ArgumentException>(() => optim.SGD([new ParamGroup(ps), new ParamGroup(ps)], lr: 0.1)).Message);
    }

    [Fact]
    public void Adam_FitsALine_ConvergesToSlope3Intercept1()
    {
        var x = linspace(-1, 1, 64).reshape(64, 1);
        var y = 3 * x + 1;
        var model = nn.Linear(1, 1, generator: new Generator(0));
        var adam = optim.Adam(model.parameters(), lr: 0.05);
        double loss = double.NaN;
        for (int i = 0; i < 500; i++)
        {
            adam.zero_grad();
            var l = nn.functional.mse_loss(model.forward(x), y);
            l.backward();
            adam.step();
            loss = l.item<float>();
        }
        Assert.True(loss < 1e-6, $"final loss {loss}");
        Assert.Equal(3.0, model.weight.item<float>(), 2);
        Assert.Equal(1.0, model.bias!.item<float>(), 2);
    }
}
