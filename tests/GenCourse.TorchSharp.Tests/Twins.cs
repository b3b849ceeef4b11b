extern alias Embedded;
extern alias OnTorch;

using E = Embedded::GenCourse;
using EModule = Embedded::GenCourse.torch.nn.Module;
using TModule = TorchSharp.torch.nn.Module;
using TTensor = TorchSharp.torch.Tensor;
using Bridge = GenCourse.Interop.EngineBridge;

namespace CrossEngine.Tests;

/// <summary>The same kit model built from the same source on both engines, with the embedded one's parameters copied over.</summary>
static class Twins
{
    /// <summary>Copies the embedded module's parameters and buffers into the TorchSharp one (names and shapes must agree).</summary>
    public static void CopyParameters(EModule from, TModule to)
    {
        var state = Bridge.ToTorchSharp(from.state_dict());
        var (missing, unexpected) = to.load_state_dict(state, strict: true);
        Assert.Empty(missing);
        Assert.Empty(unexpected);
    }

    /// <summary>Parameter names with their shapes, sorted: what must be equal on both engines.</summary>
    public static string[] ParameterLayout(EModule m) =>
        m.named_parameters().Select(p => $"{p.name} [{string.Join(", ", p.parameter.shape)}]").Order(StringComparer.Ordinal).ToArray();

    public static string[] ParameterLayout(TModule m) =>
        m.named_parameters().Select(p => $"{p.name} [{string.Join(", ", p.parameter.shape)}]").Order(StringComparer.Ordinal).ToArray();

    public static TTensor ToTorch(E.Tensor t) => Bridge.ToTorchSharp(t);

    public static double[] Values(E.Tensor t) => t.detach().to(E.ScalarType.Float64).contiguous().data<double>().ToArray();

    public static double[] Values(TTensor t) => t.detach().cpu().to(TorchSharp.torch.ScalarType.Float64).contiguous().data<double>().ToArray();

    /// <summary>
    /// Asserts that two tensors hold the same values: |a - b| &lt;= atol + rtol * |b| elementwise, with a message that names
    /// what is compared and the worst element.
    /// </summary>
    public static void AssertClose(string what, E.Tensor embedded, TTensor torch, double rtol, double atol)
    {
        Assert.Equal(embedded.shape, torch.shape);
        var (a, b) = (Values(embedded), Values(torch));
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double excess = Math.Abs(a[i] - b[i]) - (atol + rtol * Math.Abs(b[i]));
            if (double.IsNaN(a[i]) != double.IsNaN(b[i]) || excess > worstExcess) (worst, worstExcess) = (i, double.IsNaN(excess) ? double.PositiveInfinity : excess);
        }
        Assert.True(worst < 0, worst < 0 ? "" :
            $"{what}: element {worst} is {a[worst]:R} on the embedded engine and {b[worst]:R} on TorchSharp (rtol {rtol}, atol {atol})");
    }

    /// <summary>Asserts that every parameter's gradient agrees between the twins.</summary>
    public static void AssertGradientsClose(EModule embedded, TModule torch, double rtol, double atol)
    {
        var theirs = torch.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in embedded.named_parameters())
        {
            var grad = p.grad;
            var other = theirs[name].grad;
            Assert.True(grad is not null && other is not null, $"{name}: a gradient is missing (embedded {grad is not null}, TorchSharp {other is not null})");
            AssertClose($"gradient of {name}", grad!, other!, rtol, atol);
        }
    }
}
