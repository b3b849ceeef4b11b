using GenCourse;
using static GenCourse.torch;
using static GenCourse.Tests.Tensors.GradCheck;
using F = GenCourse.torch.nn.functional;

namespace GenCourse.Tests.Tensors;

/// <summary>Every differentiable op against central differences, including broadcasting and non-contiguous inputs.</summary>
public class GradCheckTests
{
    public sealed record Case(string Name, Func<Tensor[], Tensor> F, Func<Tensor[]> Inputs)
    {
        public override string ToString() => Name;
    }

    static Case C(string name, Func<Tensor[], Tensor> f, params Func<Tensor>[] inputs) =>
        new(name, f, () => inputs.Select(make => make()).ToArray());

    static Tensor X(params long[] shape) => Input(1, shape);
    static Tensor Y(params long[] shape) => Input(2, shape);
    static Tensor Pos(params long[] shape) => Positive(3, shape);

    /// <summary>A 3 x 3 leaf with one zero in a row, two in a column and none in others: both of prod's gradient paths.</summary>
    static Tensor WithZeros() => tensor(new double[,] { { 0, 2, -1.5 }, { 0.7, 3, 0.5 }, { 0, -1.2, 2.5 } }, dtype: float64, requires_grad: true);

    public static readonly Case[] Cases =
    [
        C("add_broadcast", a => a[0] + a[1], () => X(3, 4), () => Y(4)),
        C("add_broadcast_both", a => a[0] + a[1], () => X(3, 1), () => Y(1, 4)),
        C("sub", a => a[0] - a[1], () => X(2, 3), () => Y(2, 3)),
        C("mul_broadcast", a => a[0] * a[1], () => X(2, 3, 4), () => Y(3, 1)),
        C("div", a => a[0] / a[1], () => X(3, 4), () => Pos(4)),
        C("scalar_ops", a => (2.0 - a[0]) * 3 + 1.5 / (a[0] * a[0] + 1) - a[0] / 4, () => X(5)),
        C("neg", a => -a[0], () => X(4)),
        C("pow_scalar", a => a[0].pow(3) + a[0].pow(2), () => X(4)),
        C("pow_fractional", a => a[0].pow(1.7), () => Pos(4)),
        C("pow_tensor", a => a[0].pow(a[1]), () => Pos(3, 2), () => Y(2)),
        C("exp", a => a[0].exp(), () => X(3, 2)),
        C("log", a => a[0].log(), () => Pos(3, 2)),
        C("log1p", a => a[0].log1p(), () => Pos(5)),
        C("expm1", a => a[0].expm1(), () => X(5)),
        C("sqrt", a => a[0].sqrt(), () => Pos(5)),
        C("rsqrt", a => a[0].rsqrt(), () => Pos(5)),
        C("abs", a => a[0].abs(), () => X(6)),
        C("clamp", a => a[0].clamp(-0.5, 0.5), () => X(8)),
        C("minimum_maximum", a => a[0].minimum(a[1]) + a[0].maximum(a[1]) * 2, () => X(3, 4), () => Y(4)),
        C("sigmoid", a => a[0].sigmoid(), () => X(6)),
        C("logsigmoid", a => F.logsigmoid(a[0] * 5), () => X(6)),
        C("tanh", a => a[0].tanh(), () => X(6)),
        C("relu", a => a[0].relu(), () => X(6)),
        C("leaky_relu", a => F.leaky_relu(a[0], 0.2), () => X(6)),
        C("elu", a => F.elu(a[0], 0.7), () => X(6)),
        C("softplus", a => F.softplus(a[0], 2, 3), () => X(8)),
        C("gelu", a => F.gelu(a[0]), () => X(6)),
        C("gelu_tanh", a => F.gelu(a[0], "tanh"), () => X(6)),
        C("silu", a => F.silu(a[0]), () => X(6)),
        C("sin_cos", a => a[0].sin() * a[0].cos(), () => X(6)),
        C("erf", a => a[0].erf(), () => X(6)),
        C("square_reciprocal", a => a[0].square() + a[1].reciprocal(), () => X(4), () => Pos(4)),
        C("sum_all", a => a[0].sum(), () => X(3, 4)),
        C("sum_dims", a => a[0].sum([0, 2], keepdim: false), () => X(2, 3, 4)),
        C("sum_keepdim", a => a[0].sum(1, keepdim: true) * a[0], () => X(3, 4)),
        C("mean", a => a[0].mean(-1), () => X(3, 4)),
        C("var_std", a => a[0].var(1) + a[0].std(0, unbiased: false), () => X(4, 4)),
        C("amax_amin", a => a[0].amax(1) + a[0].amin(0).sum(), () => X(3, 4)),
        C("max_dim", a => a[0].max(1).values + a[0].min(0).values.sum(), () => X(3, 4)),
        C("logsumexp", a => a[0].logsumexp(1), () => X(3, 4)),
        C("softmax", a => a[0].softmax(-1) * a[1], () => X(3, 4), () => Y(3, 4)),
        C("log_softmax", a => a[0].log_softmax(0), () => X(3, 4)),
        C("binary_cross_entropy_with_logits", a => F.binary_cross_entropy_with_logits(a[0] * 3, a[1].sigmoid(), reduction: nn.Reduction.None),
            () => X(3, 4), () => Y(3, 4)),
        C("cumsum", a => a[0].cumsum(1), () => X(2, 5)),
        C("prod_all", a => a[0].prod(), () => X(2, 3)),
        C("prod_dim", a => a[0].prod(1) + a[0].prod(0, keepdim: true).sum(), () => X(3, 4)),
        C("prod_with_zeros", a => a[0].prod(1) + a[0].prod(0).sum(), () => WithZeros()),
        C("fmod", a => a[0].fmod(a[1]) + a[0].fmod(-a[1]) + a[0].fmod(0.7), () => X(3, 4), () => Pos(4)),
        C("remainder", a => a[0].remainder(a[1]) + a[0].remainder(-a[1]) + a[0].remainder(-0.7), () => X(3, 4), () => Pos(4)),
        C("outer", a => outer(a[0], a[1]), () => X(3), () => Y(4)),
        C("norm", a => a[0].norm(), () => X(6)),
        C("mm", a => a[0].mm(a[1]), () => X(3, 4), () => Y(4, 2)),
        C("mm_transposed", a => a[0].t().mm(a[1].t()), () => X(4, 3), () => Y(2, 4)),
        C("bmm", a => a[0].bmm(a[1]), () => X(2, 3, 4), () => Y(2, 4, 2)),
        C("matmul_vec", a => a[0].matmul(a[1]), () => X(3, 4), () => Y(4)),
        C("matmul_broadcast", a => a[0].matmul(a[1]), () => X(2, 1, 3, 4), () => Y(3, 4, 2)),
        C("matmul_nd_2d", a => a[0].matmul(a[1]), () => X(2, 3, 4), () => Y(4, 5)),
        C("linear", a => F.linear(a[0], a[1], a[2]), () => X(3, 4), () => Y(2, 4), () => Input(4, 2)),
        C("view_reshape", a => a[0].view(4, 3).reshape(2, 6) * 2, () => X(3, 4)),
        C("reshape_noncontiguous", a => a[0].t().reshape(-1), () => X(3, 4)),
        C("permute", a => a[0].permute(2, 0, 1).contiguous() * 1, () => X(2, 3, 4)),
        C("transpose_elementwise", a => a[0].transpose(0, 1) * a[1], () => X(3, 4), () => Y(4, 3)),
        C("expand", a => a[0].expand(3, 4) * a[1], () => X(1, 4), () => Y(3, 4)),
        C("squeeze_unsqueeze", a => a[0].unsqueeze(1).squeeze() * 2, () => X(3, 1, 4)),
        C("narrow", a => a[0].narrow(1, 1, 2), () => X(3, 4)),
        C("slice_step", a => a[0].slice(1, 0, 5, 2), () => X(3, 5)),
        C("select_index", a => a[0][1] + a[0].select(1, -1).sum(), () => X(3, 4)),
        C("flatten_unflatten", a => a[0].flatten(1).unflatten(1, 2, 2), () => X(3, 2, 2)),
        C("cat", a => cat([a[0], a[1]], 1), () => X(2, 3), () => Y(2, 2)),
        C("stack", a => stack([a[0], a[1]], 0), () => X(2, 3), () => Y(2, 3)),
        C("split_chunk", a => a[0].split(2, 1)[1] * a[0].chunk(2, 1)[0], () => X(3, 4)),
        C("flip_roll", a => a[0].flip(1) + a[0].roll(1, 0), () => X(3, 4)),
        C("repeat", a => a[0].repeat(2, 3), () => X(2, 2)),
        C("repeat_interleave", a => a[0].repeat_interleave(2, 1), () => X(2, 3)),
        C("gather", a => a[0].gather(1, tensor(new long[] { 0, 2, 2, 1, 0, 0 }, [3, 2])), () => X(3, 3)),
        C("scatter_add", a => a[0].scatter_add(0, tensor(new long[] { 0, 1, 0, 2, 2, 0 }, [2, 3]), a[1]), () => X(3, 3), () => Y(2, 3)),
        C("index_select", a => a[0].index_select(0, tensor(new long[] { 2, 0, 2 })), () => X(3, 4)),
        C("index_add", a => a[0].index_add(1, tensor(new long[] { 1, 1 }), a[1]), () => X(3, 4), () => Y(3, 2)),
        C("where", a => where(a[0].gt(0), a[0], a[1] * 2), () => X(3, 4), () => Y(4)),
        C("masked_fill", a => a[0].masked_fill(a[0].lt(0), 1.5), () => X(6)),
        C("masked_select", a => a[0].masked_select(tensor(new[] { true, false, true })) * a[1].masked_select(tensor(new[] { false, true, true, false, true, true }, [2, 3])), () => X(2, 3), () => Y(2, 3)),
        C("triu_tril", a => a[0].triu(1) + a[0].tril(-1) * 2, () => X(4, 4)),
        C("embedding", a => F.embedding(tensor(new long[] { 1, 0, 1, 3 }, [2, 2]), a[0]), () => X(4, 3)),
        C("cross_entropy_ignore_index", a => F.cross_entropy(a[0], tensor(new long[] { 1, 3, 0 }), a[1], ignore_index: 3, label_smoothing: 0.2), () => X(3, 4), () => Pos(4)),
        C("smooth_l1_loss", a => F.smooth_l1_loss(a[0], a[1], nn.Reduction.Sum, beta: 0.8), () => X(3, 4), () => Y(3, 4)),
        C("huber_loss", a => F.huber_loss(a[0], a[1], delta: 0.6), () => X(3, 4), () => Y(3, 4)),
        C("pad_constant", a => F.pad(a[0], [1, 2, 0, 1], value: 0.5), () => X(2, 3, 3)),
        C("pad_reflect", a => F.pad(a[0], [2, 1], "reflect"), () => X(2, 4)),
        C("pad_replicate", a => F.pad(a[0], [1, 1, 2, 0], "replicate"), () => X(1, 2, 3)),
        C("pad_circular", a => F.pad(a[0], [2, 1, 0, 2], PaddingModes.Circular), () => X(1, 2, 3)),
        C("interpolate_nearest", a => F.interpolate(a[0], scale_factor: [2.0]), () => X(1, 2, 2, 3)),
        C("batch_norm_train", a => F.batch_norm(a[0], null, null, a[1], a[2], training: true), () => X(4, 3, 2), () => Pos(3), () => Y(3)),
        C("batch_norm_eval", a => F.batch_norm(a[0], tensor(new double[] { 0.1, -0.2, 0.3 }), tensor(new double[] { 1.5, 0.7, 1.1 }), a[1], a[2]), () => X(4, 3), () => Pos(3), () => Y(3)),
        C("layer_norm", a => F.layer_norm(a[0], [3, 2], a[1], a[2]), () => X(2, 3, 2), () => Pos(3, 2), () => Y(3, 2)),
        C("group_norm", a => F.group_norm(a[0], 2, a[1], a[2]), () => X(2, 4, 3), () => Pos(4), () => Y(4)),
        C("conv2d", a => F.conv2d(a[0], a[1], a[2], padding: [1]), () => X(2, 2, 4, 4), () => Y(3, 2, 3, 3), () => Input(4, 3)),
        C("conv2d_stride_dilation_groups", a => F.conv2d(a[0], a[1], strides: [2, 1], padding: [1, 2], dilation: [2, 1], groups: 2), () => X(1, 4, 5, 5), () => Y(2, 2, 2, 3)),
        C("conv2d_noncontiguous_input", a => F.conv2d(a[0].transpose(2, 3), a[1]), () => X(1, 2, 4, 3), () => Y(2, 2, 2, 2)),
        C("conv1d", a => F.conv1d(a[0], a[1], a[2], stride: 2, padding: 1), () => X(2, 2, 7), () => Y(3, 2, 3), () => Input(4, 3)),
        C("conv_transpose2d", a => F.conv_transpose2d(a[0], a[1], a[2], strides: [2], padding: [1], output_padding: [1]), () => X(1, 2, 3, 3), () => Y(2, 3, 3, 3), () => Input(4, 3)),
        C("conv_transpose2d_groups", a => F.conv_transpose2d(a[0], a[1], groups: 2, dilation: [2]), () => X(1, 4, 3, 2), () => Y(4, 1, 2, 2)),
        C("max_pool2d", a => F.max_pool2d(a[0], [2]), () => X(2, 2, 4, 4)),
        C("max_pool2d_padded_strided", a => F.max_pool2d(a[0], [3], strides: [2], padding: [1]), () => X(1, 2, 5, 5)),
        C("avg_pool2d", a => F.avg_pool2d(a[0], [3], stride: [2], padding: [1], count_include_pad: false), () => X(1, 2, 5, 4)),
        C("avg_pool2d_ceil_mode", a => F.avg_pool2d(a[0], [3], stride: [2], padding: [1], ceil_mode: true), () => X(1, 2, 6, 5)),
        C("avg_pool2d_divisor_override", a => F.avg_pool2d(a[0], [2, 3], stride: [2], ceil_mode: true, divisor_override: 4), () => X(1, 2, 5, 6)),
        C("max_pool2d_ceil_mode", a => F.max_pool2d(a[0], [2], strides: [2], ceil_mode: true), () => X(2, 2, 5, 3)),
        C("adaptive_avg_pool2d", a => F.adaptive_avg_pool2d(a[0], [2, 3]), () => X(1, 2, 5, 4)),
    ];

    public static TheoryData<string> Names() => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Op_GradientMatchesFiniteDifferences(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        Check(c.F, c.Inputs(), what: name);
    }

    public static TheoryData<string> SecondOrderNames() => new(
        "mm", "bmm", "tanh", "softplus", "log_softmax", "sigmoid", "exp", "div", "batch_norm_train", "layer_norm", "group_norm",
        "gelu", "elu", "pow_tensor", "binary_cross_entropy_with_logits", "logsumexp", "var_std", "where", "gather", "matmul_broadcast", "prod_dim",
        "prod_with_zeros", "huber_loss",
        "conv2d", "conv2d_stride_dilation_groups", "conv_transpose2d", "max_pool2d", "avg_pool2d");

    [Theory]
    [MemberData(nameof(SecondOrderNames))]
    public void Op_SecondDerivativeMatchesFiniteDifferences(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        CheckSecondOrder(c.F, c.Inputs(), what: name);
    }
}
