using System.Text.Json;
using GenCourse;
using static GenCourse.torch;
using F = GenCourse.torch.nn.functional;

namespace GenCourse.Tests.Tensors;

/// <summary>
/// Outputs and gradients of ops against PyTorch 1.13 float64 values (Fixtures/torch_ops.json, written by
/// Fixtures/make_torch_ops.py): d sum(output * grad_output) / d input must match torch's.
/// </summary>
public class TorchReferenceTests
{
    static readonly JsonElement[] Cases = Load();

    static JsonElement[] Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch_ops.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToArray();
    }

    public static TheoryData<string> Names() => new(Cases.Select(c => c.GetProperty("name").GetString()!));

    [Fact]
    public void Fixture_HasTheExpectedCases()
    {
        Assert.True(Cases.Length >= 140, $"only {Cases.Length} cases");
        foreach (var name in new[] { "max_pool2d_k2_s2_ceil", "avg_pool2d_k3_s2_p1_ceil_include_pad" })   // ceil_mode with an overhanging last window
            Assert.Contains(Cases, c => c.GetProperty("name").GetString() == name);
    }

    static Tensor ToTensor(JsonElement e, bool integer = false)
    {
        var shape = e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        var data = e.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        if (e.TryGetProperty("dtype", out var dtype) && dtype.GetString() == "bool") return tensor(data.Select(v => v != 0).ToArray(), shape);   // masks, stored as 0/1
        return integer ? tensor(data.Select(v => (long)v).ToArray(), shape) : tensor(data, shape);
    }

    static long[] Longs(JsonElement args, string name) =>
        args.GetProperty(name).ValueKind == JsonValueKind.Array
            ? args.GetProperty(name).EnumerateArray().Select(v => v.GetInt64()).ToArray()
            : [args.GetProperty(name).GetInt64()];

    static double Num(JsonElement args, string name, double fallback) =>
        args.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : fallback;

    static bool Flag(JsonElement args, string name, bool fallback) =>
        args.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    /// <summary>The case's dims ([] for all dims when it gives none).</summary>
    static long[] Dims(JsonElement args) =>
        args.TryGetProperty("dim", out var d) && d.ValueKind != JsonValueKind.Null
            ? (d.ValueKind == JsonValueKind.Array ? d.EnumerateArray().Select(v => v.GetInt64()).ToArray() : [d.GetInt64()])
            : [];

    static int Dim(JsonElement args) => (int)Dims(args)[0];

    static readonly HashSet<string> IntegerInputs = ["index", "target_indices"];

    [Theory]
    [MemberData(nameof(Names))]
    public void Op_MatchesPyTorch(string name)
    {
        var c = Cases.Single(x => x.GetProperty("name").GetString() == name);
        string op = c.GetProperty("op").GetString()!;
        var args = c.GetProperty("args");
        var gradNames = c.TryGetProperty("grads", out var gr) ? gr.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
        var inputs = new Dictionary<string, Tensor>();
        foreach (var p in c.GetProperty("inputs").EnumerateObject())
        {
            bool integer = IntegerInputs.Contains(p.Name) || (p.Name == "input" && op is "embedding" or "one_hot")
                           || (p.Name == "target" && op == "cross_entropy" && p.Value.GetProperty("shape").GetArrayLength() == 1);
            var t = ToTensor(p.Value, integer);
            inputs[p.Name] = gradNames.Contains(p.Name) ? t.requires_grad_() : t;
        }
        Tensor In(string n) => inputs[n];
        Tensor? Opt(string n) => inputs.GetValueOrDefault(n);

        Tensor output = op switch
        {
            "gelu" => F.gelu(In("input"), args.GetProperty("approximate").GetString()!),
            "elu" => F.elu(In("input"), Num(args, "alpha", 1)),
            "softplus" => F.softplus(In("input"), Num(args, "beta", 1), Num(args, "threshold", 20)),
            "logsigmoid" => F.logsigmoid(In("input")),
            "silu" => F.silu(In("input")),
            "sigmoid" => In("input").sigmoid(),
            "relu" => In("input").relu(),
            "tanh" => In("input").tanh(),
            "leaky_relu" => F.leaky_relu(In("input"), Num(args, "negative_slope", 0.01)),
            "log1p" => In("input").log1p(),
            "expm1" => In("input").expm1(),
            "rsqrt" => In("input").rsqrt(),
            "pow" => In("input").pow(In("exponent")),
            "atan2" => In("input").atan2(In("other")),
            "logsumexp" => In("input").logsumexp(Dims(args), Flag(args, "keepdim", false)),
            "softmax" => In("input").softmax(Dim(args)),
            "log_softmax" => In("input").log_softmax(Dim(args)),
            "var" => In("input").var(Dims(args), Flag(args, "unbiased", true), Flag(args, "keepdim", false)),
            "std" => In("input").std(Dims(args), Flag(args, "unbiased", true), Flag(args, "keepdim", false)),
            "amax" => In("input").amax(Dims(args), Flag(args, "keepdim", false)),
            "amin" => In("input").amin(Dims(args), Flag(args, "keepdim", false)),
            "max" => MaxWithIndices(In("input"), Dim(args), Flag(args, "keepdim", false), c),
            "cumsum" => In("input").cumsum(Dim(args)),
            "conv1d" => F.conv1d(In("input"), In("weight"), Opt("bias"), Longs(args, "stride")[0], Longs(args, "padding")[0], Longs(args, "dilation")[0], Longs(args, "groups")[0]),
            "conv2d" => F.conv2d(In("input"), In("weight"), Opt("bias"), Longs(args, "stride"), Longs(args, "padding"), Longs(args, "dilation"), Longs(args, "groups")[0]),
            "conv_transpose2d" => F.conv_transpose2d(In("input"), In("weight"), Opt("bias"), Longs(args, "stride"), Longs(args, "padding"), Longs(args, "output_padding"), Longs(args, "dilation"), Longs(args, "groups")[0]),
            "max_pool2d" => MaxPool(In("input"), args, c),
            "avg_pool2d" => F.avg_pool2d(In("input"), Longs(args, "kernel_size"), Longs(args, "stride"), Longs(args, "padding"), Flag(args, "ceil_mode", false), Flag(args, "count_include_pad", true)),
            "adaptive_avg_pool2d" => F.adaptive_avg_pool2d(In("input"), Longs(args, "output_size")),
            "interpolate" => args.TryGetProperty("size", out _)
                ? F.interpolate(In("input"), size: Longs(args, "size"))
                : F.interpolate(In("input"), scale_factor: [Num(args, "scale_factor", 1)]),
            "pad" => F.pad(In("input"), Longs(args, "pad"), args.GetProperty("mode").GetString()!, Num(args, "value", 0)),
            "batch_norm" => BatchNorm(inputs, args, c),
            "layer_norm" => F.layer_norm(In("input"), Longs(args, "normalized_shape"), Opt("weight"), Opt("bias"), Num(args, "eps", 1e-5)),
            "group_norm" => F.group_norm(In("input"), Longs(args, "num_groups")[0], Opt("weight"), Opt("bias"), Num(args, "eps", 1e-5)),
            "embedding" => F.embedding(In("input"), In("weight"), args.TryGetProperty("padding_idx", out var pi) ? pi.GetInt64() : null),
            "one_hot" => F.one_hot(In("input"), Longs(args, "num_classes")[0]).to(float64),
            "gather" => In("input").gather(Dim(args), In("index")),
            "scatter_add" => In("input").scatter_add(Dim(args), In("index"), In("src")),
            "index_select" => In("input").index_select(Dim(args), In("index")),
            "flip" => In("input").flip(Longs(args, "dims")),
            "roll" => args.TryGetProperty("dims", out _)
                ? In("input").roll(Longs(args, "shifts"), Longs(args, "dims"))
                : In("input").roll(Longs(args, "shifts")[0]),
            "triu" => In("input").triu(Longs(args, "diagonal")[0]),
            "tril" => In("input").tril(Longs(args, "diagonal")[0]),
            "where" => where(In("condition"), In("input"), In("other")),
            "masked_fill" => In("input").masked_fill(In("mask"), Num(args, "value", 0)),
            "cross_entropy" => F.cross_entropy(In("input"), In("target"), reduction: Reduction(args), label_smoothing: Num(args, "label_smoothing", 0)),
            "binary_cross_entropy_with_logits" => F.binary_cross_entropy_with_logits(In("input"), In("target"), reduction: Reduction(args)),
            "mse_loss" => F.mse_loss(In("input"), In("target"), Reduction(args)),
            _ => throw new NotImplementedException($"fixture op {op}"),
        };

        AssertClose(ToTensor(c.GetProperty("output")), output, $"{name} output");
        if (gradNames.Count == 0) return;
        output.backward(ToTensor(c.GetProperty("grad_output")));
        foreach (var p in c.GetProperty("grads").EnumerateObject())
            AssertClose(ToTensor(p.Value), inputs[p.Name].grad ?? zeros_like(inputs[p.Name]), $"{name} grad of {p.Name}");
    }

    static nn.Reduction Reduction(JsonElement args) => args.GetProperty("reduction").GetString() switch
    {
        "sum" => nn.Reduction.Sum,
        "none" => nn.Reduction.None,
        _ => nn.Reduction.Mean,
    };

    static Tensor MaxWithIndices(Tensor x, int dim, bool keepdim, JsonElement c)
    {
        var (values, indexes) = x.max(dim, keepdim);
        Assert.Equal(ToTensor(c.GetProperty("extra").GetProperty("indices"), true).ToArray<long>(), indexes.ToArray<long>());
        return values;
    }

    static Tensor MaxPool(Tensor x, JsonElement args, JsonElement c)
    {
        var (output, indices) = F.max_pool2d_with_indices(x, Longs(args, "kernel_size"), Longs(args, "stride"), Longs(args, "padding"), Longs(args, "dilation"), Flag(args, "ceil_mode", false));
        Assert.Equal(ToTensor(c.GetProperty("extra").GetProperty("indices"), true).ToArray<long>(), indices.ToArray<long>());
        return output;
    }

    static Tensor BatchNorm(Dictionary<string, Tensor> inputs, JsonElement args, JsonElement c)
    {
        var runningMean = inputs["running_mean"].detach().clone();
        var runningVar = inputs["running_var"].detach().clone();
        var y = F.batch_norm(inputs["input"], runningMean, runningVar, inputs.GetValueOrDefault("weight"), inputs.GetValueOrDefault("bias"),
            Flag(args, "training", false), Num(args, "momentum", 0.1), Num(args, "eps", 1e-5));
        if (c.TryGetProperty("extra", out var extra) && extra.TryGetProperty("running_mean_after", out var rm))
        {
            AssertClose(ToTensor(rm), runningMean, "running_mean after");
            AssertClose(ToTensor(extra.GetProperty("running_var_after")), runningVar, "running_var after");
        }
        return y;
    }

    static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.True(expected.shape.SequenceEqual(actual.shape), $"{what}: shape {string.Join(",", actual.shape)} vs torch {string.Join(",", expected.shape)}");
        var e = expected.ToArray<double>();
        var a = actual.detach().ToArray<double>();
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= 1e-12 + 1e-9 * Math.Abs(e[i]), $"{what}[{i}]: {a[i]:R} vs torch {e[i]:R}");
    }
}
