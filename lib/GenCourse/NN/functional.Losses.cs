namespace GenCourse;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>How a loss combines per-element values: kept as they are, averaged, or summed (TorchSharp's torch.nn.Reduction).</summary>
        public enum Reduction
        {
            None,
            Mean,
            Sum,
        }

        public static partial class functional
        {
            /// <summary>PyTorch's bound on p (1 - p) in binary cross-entropy's gradient: 1e-12 as a float (it is a float constant there).</summary>
            const double Epsilon = 1e-12f;

            static Tensor Reduce(Tensor loss, Reduction reduction) => reduction switch
            {
                Reduction.None => loss,
                Reduction.Sum => loss.sum(),
                _ => loss.mean(),
            };

            static void SameShape(Tensor input, Tensor target, string op)
            {
                if (!input.shape.SequenceEqual(target.shape))
                    throw new ArgumentException($"{op}: input has shape {Shape.Format(input.dims)} but target has shape {Shape.Format(target.dims)}; they must be equal");
            }

            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
            {
                SameShape(input, target, "mse_loss");
                return Reduce((input - target).square(), reduction);
            }

            public static Tensor l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
            {
                SameShape(input, target, "l1_loss");
                return Reduce((input - target).abs(), reduction);
            }

            /// <summary>
            /// 0.5 d^2 / beta where |d| &lt; beta, else |d| - 0.5 beta, for d = input - target: quadratic near 0, linear (L1) beyond
            /// beta; beta = 0 is the L1 loss.
            /// </summary>
            public static Tensor smooth_l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1)
            {
                SameShape(input, target, "smooth_l1_loss");
                if (beta < 0) throw new ArgumentException($"smooth_l1_loss: beta must be non-negative, got {beta}");
                if (beta == 0) return l1_loss(input, target, reduction);
                return Reduce(HuberTerms(input - target, beta) / beta, reduction);
            }

            /// <summary>0.5 d^2 where |d| &lt; delta, else delta (|d| - 0.5 delta): smooth_l1_loss times delta.</summary>
            public static Tensor huber_loss(Tensor input, Tensor target, double delta = 1, Reduction reduction = Reduction.Mean)
            {
                SameShape(input, target, "huber_loss");
                if (delta <= 0) throw new ArgumentException($"huber_loss: delta must be positive, got {delta}");
                return Reduce(HuberTerms(input - target, delta), reduction);
            }

            /// <summary>0.5 d^2 inside |d| &lt; c, c (|d| - 0.5 c) outside: the Huber function, continuous with its slope at |d| = c.</summary>
            static Tensor HuberTerms(Tensor d, double c)
            {
                var absolute = d.abs();
                return torch.where(absolute.lt(c), 0.5 * d.square(), c * (absolute - 0.5 * c));
            }

            /// <summary>
            /// -[t log p + (1-t) log(1-p)], with the logs clamped at -100 like PyTorch; and PyTorch's gradients:
            /// d/dp = (p - t) / max(p (1-p), eps) (bounded near 0 and 1), d/dt = -logit(p) = -log(p / (1-p)) (not clamped).
            /// </summary>
            public static Tensor binary_cross_entropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
            {
                SameShape(input, target, "binary_cross_entropy");
                Tensor ClampedLog(Tensor x) => x.log().clamp(min: -100);
                Tensor loss;
                using (no_grad()) loss = -(target * ClampedLog(input) + (1 - target) * ClampedLog(1 - input));
                loss = Engine.Record(loss, "BinaryCrossEntropyBackward", [input, target], g =>
                [
                    input.requires_grad ? g * (input - target) / (input * (1 - input)).clamp(min: Epsilon) : null,
                    target.requires_grad ? -g * (input / (1 - input)).log() : null,
                ]);
                return Reduce(weight is null ? loss : loss * weight, reduction);
            }

            /// <summary>Binary cross-entropy on logits z, computed stably as (1 - t) z + softplus(-z) (PyTorch's form: softplus(z) - t z cancels when t z is near softplus(z)).</summary>
            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? pos_weights = null)
            {
                SameShape(input, target, "binary_cross_entropy_with_logits");
                Tensor loss = pos_weights is not null
                    ? (1 - target) * input + (1 + (pos_weights - 1) * target) * (-input).softplus()
                    : input.dtype.IsFloatingPoint() && target.dtype == input.dtype
                        ? input.BinaryCrossEntropyWithLogits(target)   // (1 - target) * input + (-input).softplus() in one pass
                        : (1 - target) * input + (-input).softplus();
                return Reduce(weight is null ? loss : loss * weight, reduction);
            }

            /// <summary>Negative log-likelihood of int64 class targets given log-probabilities [N, C] (or [N, C, ...]).</summary>
            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
            {
                if (target.dtype != ScalarType.Int64)
                    throw new ArgumentException($"nll_loss: target must hold int64 class indices, got {target.dtype.TorchName()}");
                if (input.dim() < 2 || target.dim() != input.dim() - 1 || target.dims[0] != input.dims[0])
                    throw new ArgumentException($"nll_loss: input {Shape.Format(input.dims)} and target {Shape.Format(target.dims)} do not fit (expected input [N, C, ...] and target [N, ...])");
                var picked = -input.gather(1, target.unsqueeze(1)).squeeze(1);
                if (weight is null) return Reduce(picked, reduction);
                var w = weight.index_select(0, target.reshape(-1)).reshape(target.shape);
                var weighted = picked * w;
                return reduction == Reduction.Mean ? weighted.sum() / w.sum() : Reduce(weighted, reduction);
            }

            /// <summary>
            /// Cross-entropy of logits [N, C] against int64 class indices [N] (or class probabilities [N, C]),
            /// with optional label smoothing: (1-e) NLL + e/C * sum over classes of -w_c log p_c. Targets equal to
            /// <paramref name="ignore_index"/> contribute nothing; a mean divides by the total weight of the other targets
            /// (their count when unweighted), as in PyTorch; with every target ignored it is NaN.
            /// </summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100, Reduction reduction = Reduction.Mean, double label_smoothing = 0)
            {
                if (label_smoothing < 0 || label_smoothing > 1)
                    throw new ArgumentException($"cross_entropy: label_smoothing must be in [0, 1], got {label_smoothing}");
                var logp = input.log_softmax(1);
                if (target.dtype.IsFloatingPoint())
                {
                    SameShape(input, target, "cross_entropy");
                    int c = input.dims[1];
                    var soft = label_smoothing > 0 ? target * (1 - label_smoothing) + label_smoothing / c : target;
                    var w = weight is null ? soft : soft * weight.reshape([.. Enumerable.Range(0, input.dim()).Select(i => i == 1 ? (long)c : 1L)]);
                    return Reduce(-(w * logp).sum(1), reduction);
                }
                var keptMask = target.ne(ignore_index);
                var kept = keptMask.to(input.dtype);
                var classes = torch.where(keptMask, target, zeros_like(target));   // ignored targets read class 0, then weigh 0
                var perTarget = nll_loss(logp, classes, weight, Reduction.None);
                var targetWeight = (weight is null ? kept : weight.index_select(0, classes.reshape(-1)).reshape(classes.shape) * kept);
                var loss = perTarget * kept;
                if (label_smoothing > 0)
                {
                    var smooth = -(weight is null ? logp : logp * weight.reshape(ChannelShape(input))).sum(1) * kept;
                    loss = loss * (1 - label_smoothing) + smooth * (label_smoothing / input.dims[1]);
                }
                if (reduction != Reduction.Mean) return Reduce(loss, reduction);
                var total = targetWeight.sum();
                // every target ignored: the mean is NaN and its gradient 0, as libtorch gives (not 0 / 0's NaN gradient)
                return total.ToDouble() == 0 ? loss.sum() + double.NaN : loss.sum() / total;
            }

            /// <summary>
            /// KL(target || input) where input holds log-probabilities and target log-probabilities (<paramref name="log_target"/>
            /// true) or probabilities (false). <paramref name="batchmean"/> divides the sum by the batch size (PyTorch's
            /// reduction="batchmean", which TorchSharp's Reduction lacks).
            /// </summary>
            /// <remarks>
            /// <paramref name="log_target"/> has no default here: PyTorch's is false and TorchSharp's is true, so a call that
            /// left it out would compute different losses on the two engines. Saying it compiles on both and means the same.
            /// </remarks>
            public static Tensor kl_div(Tensor input, Tensor target, bool log_target, Reduction reduction = Reduction.Mean, bool batchmean = false)
            {
                SameShape(input, target, "kl_div");
                var loss = log_target ? target.exp() * (target - input) : torch.where(target.gt(0), target * (target.clamp(min: 1e-300).log() - input), 0.0);
                return batchmean ? loss.sum() / input.dims[0] : Reduce(loss, reduction);
            }

            /// <summary>Gaussian negative log-likelihood 0.5 (log variance + (x - mu)^2 / variance) (+ 0.5 log 2 pi when full).</summary>
            public static Tensor gaussian_nll_loss(Tensor input, Tensor target, Tensor variance, bool full = false, float eps = 1e-6f, Reduction reduction = Reduction.Mean)
            {
                SameShape(input, target, "gaussian_nll_loss");
                var v = variance.clamp(min: eps);
                var loss = 0.5 * (v.log() + (input - target).square() / v);
                if (full) loss = loss + 0.5 * Math.Log(2 * Math.PI);
                return Reduce(loss, reduction);
            }
        }
    }
}
