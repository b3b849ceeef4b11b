using static GenCourse.torch.nn;

namespace GenCourse.Optim;

/// <summary>Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay (torch.optim.SGD).</summary>
public sealed class SGD : Optimizer
{
    readonly double momentum, dampening;
    readonly bool nesterov;

    public SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false)
        : base(groups, lr, weight_decay)
    {
        if (momentum < 0) throw new ArgumentException($"SGD: momentum must be non-negative, got {momentum}");
        if (nesterov && (momentum <= 0 || dampening != 0)) throw new ArgumentException($"SGD: Nesterov momentum requires momentum > 0 and dampening = 0, got momentum={momentum}, dampening={dampening}");
        (this.momentum, this.dampening, this.nesterov) = (momentum, dampening, nesterov);
    }

    protected override void Update(Parameter p, Tensor grad, double lr, double weightDecay)
    {
        var d = weightDecay != 0 ? grad + p * weightDecay : grad;          // d = g + wd p
        if (momentum != 0)
        {
            bool first = !HasState(p, "momentum_buffer");
            var buf = State(p, "momentum_buffer");
            if (first) buf.copy_(d);                                         // b_1 = d (no dampening on the first step)
            else buf.mul_(momentum).add_(d, 1 - dampening);                  // b = mu b + (1 - dampening) d
            d = nesterov ? d + buf * momentum : buf;
        }
        p.add_(d, -lr);                                                      // p -= lr d
    }
}
