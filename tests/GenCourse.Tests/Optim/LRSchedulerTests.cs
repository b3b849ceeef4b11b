using GenCourse;
using GenCourse.Optim;
using GenCourse.Optim.lr_scheduler;
using static GenCourse.torch;
using static GenCourse.torch.nn;

namespace GenCourse.Tests.Optim;

/// <summary>Learning-rate schedulers against their closed forms (the PyTorch sequences are in TorchReferenceOptimTests).</summary>
public class LRSchedulerTests
{
    static SGD Sgd(params double[] lrs) => optim.SGD(lrs.Select(lr => new ParamGroup([new Parameter(zeros(1))], lr)), lr: 1);

    static double[] Lrs(LRScheduler scheduler, int epochs)
    {
        var lrs = new List<double> { scheduler.get_last_lr()[0] };
        for (int i = 0; i < epochs; i++)
        {
            scheduler.optimizer.step();
            scheduler.step();
            lrs.Add(scheduler.get_last_lr()[0]);
        }
        return lrs.ToArray();
    }

    [Fact]
    public void StepLR_HalvesTheRateEveryStepSizeEpochs()
    {
        Assert.Equal([1, 1, 1, 0.5, 0.5, 0.5, 0.25], Lrs(optim.lr_scheduler.StepLR(Sgd(1), step_size: 3, gamma: 0.5), 6));
    }

    [Fact]
    public void ExponentialLR_MultipliesByGammaEachEpoch()
    {
        Assert.Equal([2, 1, 0.5, 0.25], Lrs(optim.lr_scheduler.ExponentialLR(Sgd(2), gamma: 0.5), 3));
    }

    [Fact]
    public void CosineAnnealingLR_FollowsHalfACosineFromInitialLrToEtaMin()
    {
        var lrs = Lrs(optim.lr_scheduler.CosineAnnealingLR(Sgd(1), T_max: 4, eta_min: 0.2), 4);
        double[] expected = [1, 0.2 + 0.8 * (1 + Math.Sqrt(0.5)) / 2, 0.6, 0.2 + 0.8 * (1 - Math.Sqrt(0.5)) / 2, 0.2];
        OptimAssert.Close(expected, lrs, 1e-15);
    }

    [Fact]
    public void LinearLR_WarmUp_RisesLinearlyThenHoldsTheInitialLr()
    {
        var lrs = Lrs(optim.lr_scheduler.LinearLR(Sgd(0.1), start_factor: 0.25, total_iters: 3), 5);
        OptimAssert.Close([0.025, 0.05, 0.075, 0.1, 0.1, 0.1], lrs, 1e-15);
    }

    [Fact]
    public void LinearLR_FromZero_StartsTraining_WithZeroRate()
    {
        Assert.Equal([0, 0.5, 1, 1], Lrs(optim.lr_scheduler.LinearLR(Sgd(1), start_factor: 0, total_iters: 2), 3));
    }

    [Fact]
    public void LambdaLR_PerGroupFunctions_ScaleEachGroupsInitialLr()
    {
        var sgd = Sgd(1, 10);
        var scheduler = optim.lr_scheduler.LambdaLR(sgd, [e => e + 1.0, e => 1.0 / (e + 1)]);
        sgd.step();
        scheduler.step();
        Assert.Equal([2.0, 5.0], scheduler.get_last_lr());
        Assert.Equal([2.0, 5.0], sgd.param_groups.Select(g => g.lr!.Value));
    }

    [Fact]
    public void Construction_SetsTheEpochZeroRate()
    {
        var sgd = Sgd(0.1);
        var scheduler = optim.lr_scheduler.LinearLR(sgd, start_factor: 0.5);
        Assert.Equal(0, scheduler.last_epoch);
        Assert.Equal(0.05, sgd.param_groups[0].lr);
        Assert.Equal(0.1, sgd.param_groups[0].initial_lr);
    }

    [Fact]
    public void SecondScheduler_StartsFromTheInitialLrRecordedByTheFirst()
    {
        var sgd = Sgd(1);
        optim.lr_scheduler.ExponentialLR(sgd, gamma: 0.5).step();
        Assert.Equal(0.5, sgd.param_groups[0].lr);
        var second = optim.lr_scheduler.StepLR(sgd, step_size: 1, gamma: 0.1);
        Assert.Equal([1.0], second.base_lrs);
        Assert.Equal(1.0, sgd.param_groups[0].lr);
    }

    [Fact]
    public void Resume_WithLastEpoch_ContinuesTheSequence()
    {
        var sgd = Sgd(1);
        var scheduler = optim.lr_scheduler.CosineAnnealingLR(sgd, T_max: 10);
        for (int i = 0; i < 4; i++) scheduler.step();
        var checkpoint = sgd.state_dict();
        var resumedSgd = Sgd(123);
        resumedSgd.load_state_dict(checkpoint);
        var resumed = optim.lr_scheduler.CosineAnnealingLR(resumedSgd, T_max: 10, last_epoch: scheduler.last_epoch);
        scheduler.step();
        Assert.Equal(scheduler.last_epoch, resumed.last_epoch);
        Assert.Equal(scheduler.get_last_lr(), resumed.get_last_lr());
    }

    [Fact]
    public void Resume_WithoutInitialLr_ThrowsExplainingWhatIsMissing()
    {
        var ex = Assert.Throws<ArgumentException>(() => optim.lr_scheduler.StepLR(Sgd(1), step_size: 2, last_epoch: 5));
        Assert.Contains("initial_lr", ex.Message);
        Assert.Contains("load_state_dict", ex.Message);
    }

    [Fact]
    public void Constructors_RejectInvalidOptions()
    {
        Assert.Contains("step_size", Assert.Throws<ArgumentException>(() => optim.lr_scheduler.StepLR(Sgd(1), step_size: 0)).Message);
        Assert.Contains("T_max", Assert.Throws<ArgumentException>(() => optim.lr_scheduler.CosineAnnealingLR(Sgd(1), T_max: 0)).Message);
        Assert.Contains("start_factor", Assert.Throws<ArgumentException>(() => optim.lr_scheduler.LinearLR(Sgd(1), start_factor: 1.5)).Message);
        Assert.Contains("2 parameter groups", Assert.Throws<ArgumentException>(() => optim.lr_scheduler.LambdaLR(Sgd(1, 2), [e => 1.0])).Message);
    }
}
