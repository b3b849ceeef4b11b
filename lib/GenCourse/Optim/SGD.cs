using static GenCourse.torch.nn;

namespace GenCourse.Optim;

/// <summary>Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay (torch.optim.SGD).</summary>
public sealed class SGD : Optimizer
{
    readonly double momentum, dampening, weightDecay;
    readonly bool nesterov;

    public SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false)
        : base(groups, lr)
    {
        if (momentum < 0 || weight_decay < 0) throw new ArgumentException($"SGD: momentum and weight_decay must be non-negative, got {momentum}, {weight_decay}");
        if (nesterov && (momentum <= 0 || dampening != 0)) throw new ArgumentException("SGD: Nesterov momentum requires momentum > 0 and dampening = 0");
        (this.momentum, this.dampening, weightDecay, this.nesterov) = (momentum, dampening, weight_decay, nesterov);
    }

    protected override void Update(Parameter p, Tensor grad, double lr)
    {
        var d = weightDecay != 0 ? grad + p * weightDecay : grad;
        if (momentum != 0)
        {
            var buf = State(p, "momentum_buffer");
            if (NextStep(p) == 1) buf.copy_(d);
            else buf.mul_(momentum).add_(d, 1 - dampening);
            d = nesterov ? d + buf * momentum : buf;
        }
        p.add_(d, -lr);
    }
}
