using static GenCourse.torch.nn;

namespace GenCourse.Optim;

/// <summary>Adam, and AdamW when <c>decoupled_weight_decay</c> is set; updates match torch.optim.Adam/AdamW.</summary>
public class Adam : Optimizer
{
    readonly double beta1, beta2, eps;
    readonly bool amsgrad, decoupled;

    public Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weight_decay = 0, bool amsgrad = false, bool decoupled_weight_decay = false) : base(groups, lr, weight_decay)
    {
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1)
            throw new ArgumentException($"{GetType().Name}: betas must be in [0, 1), got ({beta1}, {beta2})");
        if (eps < 0) throw new ArgumentException($"{GetType().Name}: eps must be non-negative, got {eps}");
        (this.beta1, this.beta2, this.eps, this.amsgrad, decoupled) = (beta1, beta2, eps, amsgrad, decoupled_weight_decay);
    }

    protected override void Update(Parameter p, Tensor grad, double lr, double weightDecay)
    {
        if (!p.is_contiguous())
            throw new InvalidOperationException($"{GetType().Name}: parameters must be contiguous, got one of shape {Shape.Format(p.shape)} with strides {Shape.Format(p.stride())}");
        long t = NextStep(p);
        double bc1 = 1 - Math.Pow(beta1, t), bc2 = 1 - Math.Pow(beta2, t);
        var m = State(p, "exp_avg");
        var v = State(p, "exp_avg_sq");
        var vmax = amsgrad ? State(p, "max_exp_avg_sq") : null;
        var g = grad.ContiguousData().Cast(p.dtype);
        int n = (int)p.numel();
        if (p.dtype == ScalarType.Float32)
            OptimKernels.Adam(p.Data<float>(), p.offset, g.Data<float>(), g.offset, m.Data<float>(), v.Data<float>(), vmax?.Data<float>(), n,
                lr, beta1, beta2, eps, weightDecay, decoupled, bc1, bc2);
        else
            OptimKernels.Adam(p.Data<double>(), p.offset, g.Data<double>(), g.offset, m.Data<double>(), v.Data<double>(), vmax?.Data<double>(), n,
                lr, beta1, beta2, eps, weightDecay, decoupled, bc1, bc2);
        p.BumpVersion();
    }
}

/// <summary>AdamW: Adam with decoupled weight decay (default 0.01, as in PyTorch).</summary>
public sealed class AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
    double weight_decay = 0.01, bool amsgrad = false) : Adam(groups, lr, beta1, beta2, eps, weight_decay, amsgrad, decoupled_weight_decay: true);
