using static GenCourse.torch.nn;

namespace GenCourse.Optim;

/// <summary>
/// RMSprop (Hinton, Coursera lecture 6e; centered variant: Graves 2013), as torch.optim.RMSprop: divide the gradient
/// by a running root mean square of recent gradients.
/// </summary>
public sealed class RMSprop : Optimizer
{
    readonly double alpha, eps, momentum;
    readonly bool centered;

    public RMSprop(IEnumerable<ParamGroup> groups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weight_decay = 0,
        double momentum = 0, bool centered = false) : base(groups, lr, weight_decay)
    {
        if (alpha < 0) throw new ArgumentException($"RMSprop: alpha must be non-negative, got {alpha}");
        if (eps < 0) throw new ArgumentException($"RMSprop: eps must be non-negative, got {eps}");
        if (momentum < 0) throw new ArgumentException($"RMSprop: momentum must be non-negative, got {momentum}");
        (this.alpha, this.eps, this.momentum, this.centered) = (alpha, eps, momentum, centered);
    }

    protected override void Update(Parameter p, Tensor grad, double lr, double weightDecay)
    {
        NextStep(p);
        var g = weightDecay != 0 ? grad + p * weightDecay : grad;                       // g = g + wd p
        var squareAvg = State(p, "square_avg").mul_(alpha).add_(g * g, 1 - alpha);     // E[g^2] = a E[g^2] + (1 - a) g^2
        var variance = squareAvg;
        if (centered)
        {
            var gradAvg = State(p, "grad_avg").mul_(alpha).add_(g, 1 - alpha);         // E[g] = a E[g] + (1 - a) g
            variance = squareAvg - gradAvg * gradAvg;                                   // E[g^2] - E[g]^2
        }
        var step = g / (variance.sqrt() + eps);                                         // g / (sqrt(.) + eps)
        if (momentum > 0) step = State(p, "momentum_buffer").mul_(momentum).add_(step); // b = mu b + g / (sqrt(.) + eps)
        p.add_(step, -lr);
    }
}
