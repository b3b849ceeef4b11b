extern alias Embedded;

using E = Embedded::GenCourse.torch;
using EF = Embedded::GenCourse.torch.nn.functional;
using ETensor = Embedded::GenCourse.Tensor;
using T = TorchSharp.torch;
using TF = TorchSharp.torch.nn.functional;
using TTensor = TorchSharp.torch.Tensor;

namespace CrossEngine.Tests.Ops;

/// <summary>
/// One focused test per embedded-engine bug the differential op tests found, on the input that showed it: the engine
/// against libtorch (PyTorch's definition is the contract) and, where a gradient was refereed, its known value.
/// </summary>
public class EngineFixTests
{
    [Fact]
    public void EmptyViews_CopyConvertAndBackward_LikeLibtorch()
    {
        // [2, 0] sliced with step 2 has strides [1, 2]: its rows start past the empty storage
        var leaf = E.zeros([2, 0], dtype: E.float64, requires_grad: true);
        var view = leaf.slice(1, 0, 0, 2);
        Assert.True(view.is_contiguous());
        Assert.Equal([2L, 0L], view.contiguous().to(E.float32).shape);
        view.squeeze(1).sum().backward();
        Assert.Equal([2L, 0L], leaf.grad!.shape);
        Assert.Equal(T.zeros(2, 0).slice(1, 0, 0, 2).is_contiguous(), view.is_contiguous());
    }

    [Fact]
    public void Cumsum_Of0dAndEmptyTensors_IsDifferentiable()
    {
        AssertSame(GradE(x => x.cumsum(0), E.tensor(0.5, dtype: E.float64)), GradT(x => x.cumsum(0), T.tensor(0.5, T.float64)));
        var empty = E.zeros([0, 3], dtype: E.float64, requires_grad: true);
        Assert.True(empty.cumsum(1).requires_grad);
    }

    [Fact]
    public void Reductions_OfEmptyTensors_LikeLibtorch()
    {
        AssertSame(E.zeros([0, 3]).amax([1]), T.zeros(0, 3).amax([1L]));
        AssertSame(E.zeros([0, 3]).max(1).values, T.zeros(0, 3).max(1).values);
        AssertSame(E.zeros([3, 0], dtype: E.float64).logsumexp(1), T.zeros(3, 0, dtype: T.float64).logsumexp(1));   // -inf: an empty sum
        AssertSame(E.zeros([0, 2]).softmax(1), T.zeros(0, 2).softmax(1));
        Assert.Throws<ArgumentException>(() => E.zeros([3, 0]).amax([1]));   // over the empty dim itself, as in PyTorch
    }

    [Fact]
    public void Matmul_WithEmptyBatchOrRows_LikeLibtorch()
    {
        AssertSame(E.ones([0, 2, 3]).matmul(E.ones([3, 4])), T.ones(0, 2, 3).matmul(T.ones(3, 4)));
        AssertSame(E.ones([2, 0, 3]).matmul(E.ones([1, 3, 4])), T.ones(2, 0, 3).matmul(T.ones(1, 3, 4)));
        AssertSame(E.ones([4, 0]).matmul(E.ones([0, 3])), T.ones(4, 0).matmul(T.ones(0, 3)));   // zeros: empty sums
        AssertSame(EF.linear(E.ones([0, 4]), E.ones([2, 4])), TF.linear(T.ones(0, 4), T.ones(2, 4)));
    }

    [Fact]
    public void SplitAndChunk_OfAnEmptyDim_GiveOneEmptyPiece()
    {
        Assert.Equal(T.zeros(0).split(2).Length, E.zeros([0]).split(2).Length);
        Assert.Equal(T.zeros(3, 0).chunk(3, 1).Length, E.zeros([3, 0]).chunk(3, 1).Length);   // chunks empty pieces
        Assert.Equal([3L, 0L], E.zeros([3, 0]).split(2, 1)[0].shape);
    }

    [Fact]
    public void Unflatten_InfersMinusOne_FromTheDimAlone()
    {
        AssertSame(E.zeros([1, 3, 1, 0]).unflatten(2, [1, -1]), T.zeros(1, 3, 1, 0).unflatten(2, [1L, -1L]));
        AssertSame(E.zeros([6]).unflatten(0, [-1, 3]), T.zeros(6).unflatten(0, [-1L, 3L]));
    }

    [Fact]
    public void Linspace_WithOneStep_IsStart() => AssertSame(E.linspace(-4, 3, 1, dtype: E.float64), T.linspace(-4, 3, 1, dtype: T.float64));

    [Fact]
    public void TrilTriu_ZeroInfAndNaNOutsideTheTriangle()
    {
        var x = new double[] { 1, double.NaN, double.PositiveInfinity, 2 };
        AssertSame(E.tensor(x, [2, 2]).triu(), T.tensor(x, [2, 2]).triu());
        AssertSame(E.tensor(x, [2, 2]).tril(), T.tensor(x, [2, 2]).tril());
    }

    [Fact]
    public void Expm1AndLog1p_NearTheTopOfTheRange_DoNotOverflow()
    {
        AssertSame(E.tensor(new[] { 88.5f, 88f }).expm1(), T.tensor(new[] { 88.5f, 88f }).expm1(), 1e-6);   // (u - 1) x overflowed to inf
        AssertSame(E64(1e308, 1e307).log1p(), T64(1e308, 1e307).log1p());
    }

    [Fact]
    public void Tanh_NearZero_KeepsItsDigitsAndSign()
    {
        float[] x = [1e-10f, -1e-30f, 0.01f, 0.3f, 5f, 0f];
        AssertSame(E.tensor(x).tanh(), T.tensor(x).tanh(), 1e-6);   // TensorPrimitives gave tanh(1e-10f) = -6e-8
        AssertSame(E64(1e-300, -1e-20, 0.01, 0.7, 20).tanh(), T64(1e-300, -1e-20, 0.01, 0.7, 20).tanh(), 1e-15);
        Assert.False(double.IsNegative(E64(0.0).tanh().item<double>()));
    }

    [Fact]
    public void Div_GradientOfTheDivisor_IsAOverBOverB()
    {
        // -a / b^2 for a = b = 1e200 is -1e-200; b * b overflowed and gave -0
        var (a, b) = (E64(1e200, 1e-200), T64(1e200, 1e-200));
        AssertSame(GradE(d => a / d, E64(1e200, 1e-160)), GradT(d => b / d, T64(1e200, 1e-160)));
    }

    [Fact]
    public void PowOfTensors_GradientsAtZero_LikePyTorch()
    {
        // d/db = a^b log a is 0 only where a = 0 and b >= 0 (0^-1 log 0 = -inf); d/da = b a^(b-1) is 0 where b = 0
        var (a, b) = (new double[] { 0, 0, 0, 2 }, new double[] { -1, 0, 2, 0 });
        AssertSame(GradE(e => E64(a).pow(e), E64(b)), GradT(e => T64(a).pow(e), T64(b)));
        AssertSame(GradE(x => x.pow(E64(b)), E64(a)), GradT(x => x.pow(T64(b)), T64(a)));
    }

    [Fact]
    public void Atan2_GradientAtTheOrigin_IsZero()
    {
        // 0 where x^2 + y^2 is 0, also by underflow (-1e-310, -1e-300), as libtorch; it was 0 * inf = NaN
        var (y, x) = (new double[] { 0, -1e-310, 0 }, new double[] { 0, -1e-300, 1e300 });
        AssertSame(GradE(v => v.atan2(E64(x)), E64(y)), GradT(v => v.atan2(T64(x)), T64(y)));
        AssertSame(GradE(v => E64(y).atan2(v), E64(x)), GradT(v => T64(y).atan2(v), T64(x)));
    }

    [Fact]
    public void StdAndNorm_GradientAtZero_IsZero()
    {
        // PyTorch's subgradient: std of equal values and the norm of zeros have gradient 0 (it was 0 * inf = NaN)
        AssertSame(GradE(x => x.std(), E64(2, 2, 2)), GradT(x => x.std(), T64(2, 2, 2)));
        AssertSame(GradE(x => x.norm(), E64(0, 0)), GradT(x => x.norm(), T64(0, 0)));
        AssertSame(GradE(x => x.norm(0.5f), E64(0, 3)), GradT(x => x.norm(0.5f), T64(0, 3)));
        AssertSame(GradE(x => x.norm(3f), E64(0, 0)), GradT(x => x.norm(3f), T64(0, 0)));
    }

    [Fact]
    public void VarAndStd_OfTinyFloat32Values_AccumulateInDouble()
    {
        // (1e-30)^2 underflows in float32: the std was 0 and its gradient 0 where libtorch's is 0.707
        float[] x = [1e-30f, -1e-30f];
        AssertSame(E.tensor(x).std(), T.tensor(x).std(), 1e-6);
        AssertSame(E.tensor(x).var(), T.tensor(x).var(), 1e-6);
        AssertSame(GradE(v => v.std(), E.tensor(x)), GradT(v => v.std(), T.tensor(x)), 1e-6);
    }

    [Fact]
    public void GammaFamily_AtZeroSubnormalsAndRoots_LikeLibtorch()
    {
        AssertSame(E64(0.0, -0.0).digamma(), T64(0.0, -0.0).digamma());   // -inf at +0, +inf at -0
        AssertSame(E64(1e-310, -1e-310, 1, 2).lgamma(), T64(1e-310, -1e-310, 1, 2).lgamma(), 1e-14);   // pi / sin(pi x) overflowed
        Assert.Equal(0.0, E64(1).lgamma().item<double>());
    }

    [Fact]
    public void ErfAndErfinv_InTheTailsAndAtMinusZero_LikeLibtorch()
    {
        double nearOne = Math.BitDecrement(1.0);
        AssertSame(E64(nearOne, -nearOne, 0.999999).erfinv(), T64(nearOne, -nearOne, 0.999999).erfinv(), 1e-6);   // was 5.456 for 5.864
        Assert.True(double.IsNegative(E64(-0.0).erf().item<double>()));
        Assert.True(double.IsNegative(E64(-0.0).erfinv().item<double>()));
    }

    [Fact]
    public void CrossEntropy_LabelSmoothing_WeighsTheSmoothingTermByClass()
    {
        double[] logits = [1.72, 0.54, 1.82, 1.22, 0.33, 0.09, -1.73, -1.19];
        long[] target = [1, 1, 0, 1];
        double[] weight = [3.69, 0.68];
        foreach (var (er, tr) in new[] { (E.nn.Reduction.None, T.nn.Reduction.None), (E.nn.Reduction.Mean, T.nn.Reduction.Mean), (E.nn.Reduction.Sum, T.nn.Reduction.Sum) })
            AssertSame(EF.cross_entropy(E.tensor(logits, [4, 2]), E.tensor(target), E.tensor(weight), reduction: er, label_smoothing: 0.1),
                TF.cross_entropy(T.tensor(logits, [4, 2]), T.tensor(target), T.tensor(weight), reduction: tr, label_smoothing: 0.1));
    }

    [Fact]
    public void BinaryCrossEntropy_Gradients_ArePyTorchs()
    {
        // d/dp = (p - t) / max(p (1 - p), 1e-12f) and d/dt = -logit(p): bounded at p = 1e-300, unclamped in t
        double[] p = [1e-300, 1e-13, 0.5, 1 - 1e-13], t = [0.5, 0.25, 1, 0.25];
        AssertSame(GradE(x => EF.binary_cross_entropy(x, E64(t), reduction: E.nn.Reduction.Sum), E64(p)),
            GradT(x => TF.binary_cross_entropy(x, T64(t), reduction: T.nn.Reduction.Sum), T64(p)));
        AssertSame(GradE(y => EF.binary_cross_entropy(E64(p), y, reduction: E.nn.Reduction.Sum), E64(t)),
            GradT(y => TF.binary_cross_entropy(T64(p), y, reduction: T.nn.Reduction.Sum), T64(t)));
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_OfAConfidentLogit_IsPyTorchsFormula()
    {
        // softplus(z) - t z cancelled in float32: 2.26e-5 where libtorch's (1 - t) z + softplus(-z) gives 3.12e-5
        // (float64: 3.13e-5) at z = 20, t = 1 - 2.6e-7
        float[] z = [20f, -20f, 3f, 0f], t = [1f - 2.6e-7f, 1e-7f, 0.5f, 0.3f];
        AssertSame(EF.binary_cross_entropy_with_logits(E.tensor(z), E.tensor(t), reduction: E.nn.Reduction.None),
            TF.binary_cross_entropy_with_logits(T.tensor(z), T.tensor(t), reduction: T.nn.Reduction.None), 1e-5);
    }

    [Fact]
    public void Silu_GradientForHugeNegativeInputs_IsZero()
    {
        // x sigmoid'(x) overflowed to -inf * 0 = NaN at x = -3e38 (float32); s (1 + x (1 - s)) stays 0
        float[] x = [-3e38f, -100f, -1f, 0f, 2f];
        AssertSame(GradE(v => EF.silu(v), E.tensor(x)), GradT(v => TF.silu(v), T.tensor(x)), 1e-6);
    }

    static ETensor E64(params double[] v) => E.tensor(v, dtype: E.float64);

    static TTensor T64(params double[] v) => T.tensor(v, dtype: T.float64);

    static double[] Values(ETensor t) => t.detach().to(E.float64).contiguous().data<double>().ToArray();

    // clone() because TorchSharp cannot read an empty tensor or libtorch's storage-less zero tensors
    static double[] Values(TTensor t) => t.numel() == 0 ? [] : t.detach().to(T.float64).clone().data<double>().ToArray();

    /// <summary>Same shape and values within rtol; NaN meets NaN and an infinity the same infinity.</summary>
    static void AssertSame(ETensor embedded, TTensor torch, double rtol = 1e-12)
    {
        Assert.Equal(torch.shape, embedded.shape);
        var (a, b) = (Values(embedded), Values(torch));
        for (int i = 0; i < a.Length; i++)
            Assert.True(a[i].Equals(b[i]) || Math.Abs(a[i] - b[i]) <= rtol * Math.Abs(b[i]), $"element {i}: embedded {a[i]:R}, libtorch {b[i]:R}");
    }

    static ETensor GradE(Func<ETensor, ETensor> f, ETensor x)
    {
        var leaf = x.detach().requires_grad_();
        f(leaf).sum().backward();
        return leaf.grad!;
    }

    static TTensor GradT(Func<TTensor, TTensor> f, TTensor x)
    {
        var leaf = x.detach().requires_grad_();
        f(leaf).sum().backward();
        return leaf.grad!;
    }
}
