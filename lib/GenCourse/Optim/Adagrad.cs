using static GenCourse.torch.nn;

namespace GenCourse.Optim;

/// <summary>
/// Adagrad (Duchi, Hazan &amp; Singer 2011), as torch.optim.Adagrad: per-coordinate steps shrink with the
/// accumulated squared gradients, and the learning rate decays as lr / (1 + (t - 1) lr_decay).
/// </summary>
public sealed class Adagrad : Optimizer
{
    readonly double lrDecay, initialAccumulatorValue, eps;

    public Adagrad(IEnumerable<ParamGroup> groups, double lr = 1e-2, double lr_decay = 0, double weight_decay = 0,
        double initial_accumulator_value = 0, double eps = 1e-10) : base(groups, lr, weight_decay)
    {
        if (lr_decay < 0) throw new ArgumentException($"Adagrad: lr_decay must be non-negative, got {lr_decay}");
        if (initial_accumulator_value < 0) throw new ArgumentException($"Adagrad: initial_accumulator_value must be non-negative, got {initial_accumulator_value}");
        if (eps < 0) throw new ArgumentException($"Adagrad: eps must be non-negative, got {eps}");
        (lrDecay, initialAccumulatorValue, this.eps) = (lr_decay, initial_accumulator_value, eps);
    }

    protected override void Update(Parameter p, Tensor grad, double lr, double weightDecay)
    {
        long t = NextStep(p);
        var g = weightDecay != 0 ? grad + p * weightDecay : grad;                    // g = g + wd p
        double clr = lr / (1 + (t - 1) * lrDecay);                                  // decayed learning rate
        var sum = State(p, "sum", initialAccumulatorValue).add_(g * g);             // G = G + g^2
        p.add_(g / (sum.sqrt() + eps), -clr);                                       // p -= clr g / (sqrt(G) + eps)
    }
}
