using GenCourse;
using GenCourse.Optim;
using static GenCourse.torch;
using static GenCourse.torch.nn;

namespace GenCourse.Tests.Optim;

public class ExponentialMovingAverageTests
{
    sealed class TwoParameters : Module
    {
        public Parameter weight = new(tensor(new[] { 1.0, -1.0 }));
        public Parameter bias = new(tensor(new[] { 0.5 }));
    }

    /// <summary>Writes new live values (as an optimizer would) and averages them; returns the hand recursion's result.</summary>
    static double[] UpdateWithHandRecursion(ExponentialMovingAverage ema, TwoParameters model, Func<long, double> decay, int updates)
    {
        double[] average = [.. model.weight.ToArray<double>(), .. model.bias.ToArray<double>()];
        for (int n = 1; n <= updates; n++)
        {
            double[] live = [Math.Sin(n), n * 0.5, -n];
            using (no_grad())
            {
                model.weight.copy_(tensor(live[..2]));
                model.bias.copy_(tensor(live[2..]));
            }
            ema.update();
            double d = decay(n);
            for (int i = 0; i < 3; i++) average[i] = d * average[i] + (1 - d) * live[i];
        }
        return average;
    }

    static double[] Averages(ExponentialMovingAverage ema) => [.. ema.shadow_params["weight"].ToArray<double>(), .. ema.shadow_params["bias"].ToArray<double>()];

    [Fact]
    public void Update_MatchesTheRecursionShadowEqualsDecayShadowPlusOneMinusDecayParam()
    {
        var model = new TwoParameters();
        var ema = new ExponentialMovingAverage(model, decay: 0.9);
        var expected = UpdateWithHandRecursion(ema, model, _ => 0.9, 7);
        OptimAssert.Close(expected, Averages(ema), 1e-14);
        Assert.Equal(7, ema.num_updates);
    }

    [Fact]
    public void Update_WithNumUpdates_WarmsUpWithMinOfDecayAndOnePlusNOverTenPlusN()
    {
        var model = new TwoParameters();
        var ema = optim.ExponentialMovingAverage(model, decay: 0.5, use_num_updates: true);
        var expected = UpdateWithHandRecursion(ema, model, n => Math.Min(0.5, (1.0 + n) / (10.0 + n)), 12);
        OptimAssert.Close(expected, Averages(ema), 1e-14);
        var plain = new TwoParameters();
        var noWarmup = new ExponentialMovingAverage(plain, decay: 0.5);
        Assert.NotEqual(expected, UpdateWithHandRecursion(noWarmup, plain, _ => 0.5, 12));
    }

    [Fact]
    public void CopyTo_WritesTheAveragesIntoAnotherModule()
    {
        var model = new TwoParameters();
        var ema = new ExponentialMovingAverage(model, decay: 0.5);
        var expected = UpdateWithHandRecursion(ema, model, _ => 0.5, 3);
        var copy = new TwoParameters();
        ema.copy_to(copy);
        OptimAssert.Close(expected, [.. copy.weight.ToArray<double>(), .. copy.bias.ToArray<double>()], 1e-14);
        Assert.Equal([-3.0], model.bias.ToArray<double>());
    }

    [Fact]
    public void StoreAndRestore_BringBackTheLiveWeightsAfterEvaluatingTheAverage()
    {
        var model = new TwoParameters();
        var ema = new ExponentialMovingAverage(model, decay: 0.5);
        var expected = UpdateWithHandRecursion(ema, model, _ => 0.5, 2);
        var live = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArray<double>());
        ema.store();
        ema.copy_to();
        Assert.Equal(expected[2], model.bias.item<double>(), 14);
        ema.restore();
        Assert.Equal(live["weight"], model.weight.ToArray<double>());
        Assert.Equal(live["bias"], model.bias.ToArray<double>());
    }

    [Fact]
    public void AverageParameters_SwapsTheAveragesInUntilDisposed()
    {
        var model = new TwoParameters();
        var ema = new ExponentialMovingAverage(model, decay: 0.5);
        var expected = UpdateWithHandRecursion(ema, model, _ => 0.5, 2);
        using (ema.average_parameters())
            Assert.Equal(expected[2], model.bias.item<double>(), 14);
        Assert.Equal(-2.0, model.bias.item<double>());
    }

    [Fact]
    public void Restore_WithoutStore_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ExponentialMovingAverage(new TwoParameters()).restore());
        Assert.Contains("store()", ex.Message);
    }

    [Fact]
    public void CopyTo_ModuleWithOtherParameters_ThrowsNamingThem()
    {
        var ema = new ExponentialMovingAverage(new TwoParameters());
        var ex = Assert.Throws<ArgumentException>(() => ema.copy_to(nn.Sequential(nn.Linear(2, 1))));
        Assert.Contains("[0.bias, 0.weight] are not the averaged ones [bias, weight]", ex.Message);
        var other = nn.Linear(2, 1);
        var sameNames = new ExponentialMovingAverage(other);
        ex = Assert.Throws<ArgumentException>(() => sameNames.copy_to(nn.Linear(3, 1)));
        Assert.Contains("\"weight\" has shape [1, 3]", ex.Message);
    }

    [Fact]
    public void Update_AfterTheModuleIsConvertedToAnotherDtype_StillTracksItsParameters()
    {
        var model = new TwoParameters();
        var ema = new ExponentialMovingAverage(model, decay: 0.5);
        model.to(float32);
        using (no_grad()) model.bias.fill_(2.5);
        ema.update();
        Assert.Equal(1.5, ema.shadow_params["bias"].item<double>(), 6);
    }
}
