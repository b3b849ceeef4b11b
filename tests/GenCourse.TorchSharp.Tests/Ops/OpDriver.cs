extern alias Embedded;

using System.Text;
using E = Embedded::GenCourse.torch;
using EType = Embedded::GenCourse.ScalarType;
using ETensor = Embedded::GenCourse.Tensor;
using TTensor = TorchSharp.torch.Tensor;
using T = TorchSharp.torch;
using Bridge = GenCourse.Interop.EngineBridge;

namespace CrossEngine.Tests.Ops;

/// <summary>
/// Runs one op of the table on random cases on both engines: the same inputs (values, dtype, view), the forward
/// values compared, then the gradient of sum(output * w) for random weights w compared on every differentiable leaf.
/// A disagreement is described with everything needed to reproduce it, and refereed by central differences.
/// </summary>
public static class OpDriver
{
    /// <summary>float32: both engines round each op to ~1 ulp (6e-8) but differ in how they sum and in their libm; 1e-4 leaves room for sums of a few dozen terms.</summary>
    public const double Float32Tolerance = 1e-4;

    /// <summary>float64: ~1e-16 per op, 1e-9 leaves room for summation order and libm differences (a few ulp) amplified by the op's condition.</summary>
    public const double Float64Tolerance = 1e-9;

    /// <summary>The outcome of one case: null when the engines agree (or both reject the case), else the report.</summary>
    public sealed record Outcome(bool Ran, string? Failure);

    /// <summary>Checks one case and throws with the report when the engines disagree (paste the call from a report to reproduce it).</summary>
    public static void Check(OpCase op, bool float32, ValueKind kind, int seed)
    {
        var outcome = Run(op, float32, kind, seed);
        Assert.True(outcome.Failure is null, outcome.Failure);
    }

    sealed record Input(InputSpec Spec, ViewRecipe View, double[]? Values, long[]? Indices, ETensor ELeaf, TTensor TLeaf, ETensor E, TTensor T);

    /// <summary>Runs one random case of <paramref name="op"/> drawn from <paramref name="seed"/>.</summary>
    public static Outcome Run(OpCase op, bool float32, ValueKind kind, int seed)
    {
        using var scope = T.NewDisposeScope();
        var r = new Random(seed);
        var c = op.Sample(r);
        var dtype = float32 ? EType.Float32 : EType.Float64;
        bool backward = !op.ForwardOnly && kind != ValueKind.NonFinite;
        bool torch64 = float32 && op.Float64Reference is not null;
        var inputs = c.Inputs.Select(spec => MakeInput(r, spec, dtype, kind, backward, !op.Pointwise, torch64)).ToArray();

        string Report(string what) => Describe(op, float32, kind, seed, c, inputs, what);

        var (eOut, eError) = Try(() => op.Embedded(inputs.Select(i => i.E).ToArray(), c.Args));
        var (tOut, tError) = Try(() => op.Torch(inputs.Select(i => i.T).ToArray(), c.Args));
        // a float64 reference is rounded to float32, as the exact result of a float32 op would be
        var tCompared = torch64 && tOut is not null && tOut.is_floating_point() ? tOut.to(T.ScalarType.Float32) : tOut;
        if (eError is not null && tError is not null) return new(false, null);
        if (eError is not null || tError is not null)
            return new(true, Report(eError is not null
                ? $"the embedded engine throws where TorchSharp returns {RandomInputs.Format(tOut!.shape)}: {eError.GetType().Name}: {eError.Message}"
                : $"TorchSharp throws where the embedded engine returns {RandomInputs.Format(eOut!.shape)}: {tError!.GetType().Name}: {tError.Message}"));

        double rtol = float32 ? op.Float32Tolerance : op.Float64Tolerance, floor = op.Pointwise ? 1e-2 : 0.1;
        bool floatOut = tOut!.is_floating_point();
        if (!(floatOut && torch64) && eOut!.dtype.ToString() != tOut.dtype.ToString())
            return new(true, Report($"output dtype differs: embedded {eOut.dtype}, TorchSharp {tOut.dtype}"));
        var forward = EngineCompare.Mismatch(eOut!, tCompared!, rtol, floor, torch64, op.Pointwise ? InputScale(inputs, eOut!) : null);
        if (forward is not null) return new(true, Report("forward values differ: " + forward));

        if (!backward || !floatOut || !inputs.Any(i => i.Spec.Grad && i.Spec.IsFloat)) return new(true, null);
        if (eOut!.requires_grad != tOut.requires_grad)
            return new(true, Report($"requires_grad of the output differs: embedded {eOut.requires_grad}, TorchSharp {tOut.requires_grad}"));
        if (!eOut.requires_grad) return new(true, null);

        var weights = RandomInputs.Values(r, Domain.Real, RandomInputs.Numel(eOut.shape), ValueKind.Ordinary, float32);
        var (eBackward, tBackward) = (Try(() => Backward(eOut, weights)), Try(() => Backward(tOut, weights)));
        if ((eBackward.error is null) != (tBackward.error is null))
            return new(true, Report($"backward throws on one engine only: embedded {eBackward.error?.Message ?? "ok"}, TorchSharp {tBackward.error?.Message ?? "ok"}"));

        for (int k = 0; k < inputs.Length; k++)
        {
            var input = inputs[k];
            if (!input.Spec.Grad || !input.Spec.IsFloat) continue;
            var eGrad = input.ELeaf.grad ?? E.zeros_like(input.ELeaf);
            var tGrad = input.TLeaf.grad ?? T.zeros_like(input.TLeaf);
            if (torch64) tGrad = tGrad.to(T.ScalarType.Float32);
            var (mismatch, element) = EngineCompare.Compare(eGrad, tGrad, rtol, floor, torch64);
            if (mismatch is null) continue;
            return new(true, Report($"gradient of input {k} (its leaf) differs: {mismatch}\n" + Referee(op, c, inputs, weights, k, element)));
        }
        return new(true, null);
    }

    /// <summary>Sum of the inputs' magnitudes at each output element (a pointwise op's inputs broadcast to its output); 0 where infinite.</summary>
    static double[] InputScale(Input[] inputs, ETensor output)
    {
        using var _ = E.no_grad();
        var scale = E.zeros(output.shape, dtype: EType.Float64);
        foreach (var input in inputs.Where(i => i.Spec.IsFloat))
            scale = scale + input.E.detach().to(EType.Float64).abs();
        return Array.ConvertAll(EngineCompare.Values(scale), s => double.IsFinite(s) ? s : 0);
    }

    static ETensor Backward(ETensor output, double[] weights)
    {
        var w = E.tensor(weights, output.shape, dtype: output.dtype);
        (output * w).sum().backward();
        return output;
    }

    static TTensor Backward(TTensor output, double[] weights)
    {
        var w = T.tensor(weights, output.shape, dtype: output.dtype);
        (output * w).sum().backward();
        return output;
    }

    static (TResult? result, Exception? error) Try<TResult>(Func<TResult> f)
    {
        try { return (f(), null); }
        catch (Exception e) { return (default, e); }
    }

    static Input MakeInput(Random r, InputSpec spec, EType dtype, ValueKind kind, bool backward, bool noHuge, bool torch64)
    {
        if (spec.Domain == Domain.Bool)
        {
            var boolView = spec.Views ? ViewRecipe.Random(r, spec.Shape, spec.Expand) : ViewRecipe.Contiguous(spec.Shape);
            var flags = Array.ConvertAll(RandomInputs.Values(r, Domain.Mask, RandomInputs.Numel(boolView.LeafShape), ValueKind.Ordinary, false), v => v != 0);
            var eBool = E.tensor(flags, boolView.LeafShape);
            var tBool = Bridge.ToTorchSharp(eBool);
            return new(spec, boolView, null, null, eBool, tBool, boolView.Apply(eBool), boolView.Apply(tBool));
        }
        if (!spec.IsFloat)
        {
            var indices = RandomInputs.Indices(r, RandomInputs.Numel(spec.Shape), spec.IndexBound);
            var e = E.tensor(indices, spec.Shape);
            var t = Bridge.ToTorchSharp(e);
            return new(spec, ViewRecipe.Contiguous(spec.Shape), null, indices, e, t, e, t);
        }
        var view = spec.Views ? ViewRecipe.Random(r, spec.Shape, spec.Expand) : ViewRecipe.Contiguous(spec.Shape);
        var values = RandomInputs.Values(r, spec.Domain, RandomInputs.Numel(view.LeafShape), kind, dtype == EType.Float32);
        if (noHuge) values = Array.ConvertAll(values, v => Math.Abs(v) > 25 && double.IsFinite(v) ? Math.Sign(v) * 3.0 : v);
        var eLeaf = E.tensor(values, view.LeafShape, dtype: dtype, requires_grad: backward && spec.Grad);
        var tLeaf = torch64 ? Bridge.ToTorchSharp(eLeaf.detach().to(EType.Float64)).requires_grad_(eLeaf.requires_grad) : Bridge.ToTorchSharp(eLeaf);
        return new(spec, view, values, null, eLeaf, tLeaf, view.Apply(eLeaf), view.Apply(tLeaf));
    }

    /// <summary>
    /// Central differences of f = sum(op(x) * w) in float64 with respect to one leaf element, taken with each engine's
    /// forward: which engine's gradient the function itself supports.
    /// </summary>
    static string Referee(OpCase op, Case c, Input[] inputs, double[] weights, int input, int element)
    {
        double x = inputs[input].Values![element];
        double h = 1e-6 * Math.Max(1, Math.Abs(x));
        double F(Func<double[][], double> f, double dx) =>
            f(inputs.Select((inp, k) => k == input ? inp.Values!.Select((v, i) => i == element ? v + dx : v).ToArray() : inp.Values!).ToArray());
        double EmbeddedF(double[][] values)
        {
            var xs = inputs.Select((inp, k) => inp.Spec.IsFloat
                ? inp.View.Apply(E.tensor(values[k], inp.View.LeafShape, dtype: EType.Float64))
                : inp.Indices is null ? inp.E : E.tensor(inp.Indices, inp.Spec.Shape)).ToArray();
            using var _ = E.no_grad();
            var y = op.Embedded(xs, c.Args).to(EType.Float64);
            return (y * E.tensor(weights, y.shape, dtype: EType.Float64)).sum().item<double>();
        }
        double TorchF(double[][] values)
        {
            var xs = inputs.Select((inp, k) => inp.Spec.IsFloat
                ? inp.View.Apply(T.tensor(values[k], inp.View.LeafShape, dtype: T.ScalarType.Float64))
                : inp.Indices is null ? inp.T : T.tensor(inp.Indices, inp.Spec.Shape)).ToArray();
            using var _ = T.no_grad();
            var y = op.Torch(xs, c.Args).to(T.ScalarType.Float64);
            return (y * T.tensor(weights, y.shape, dtype: T.ScalarType.Float64)).sum().item<double>();
        }
        var eGrad = EngineCompare.Values(inputs[input].ELeaf.grad ?? E.zeros_like(inputs[input].ELeaf));
        var tGrad = EngineCompare.Values(inputs[input].TLeaf.grad ?? T.zeros_like(inputs[input].TLeaf));
        try
        {
            double fdE = (F(EmbeddedF, h) - F(EmbeddedF, -h)) / (2 * h);
            double fdT = (F(TorchF, h) - F(TorchF, -h)) / (2 * h);
            return $"referee at leaf element {element} (x = {x:R}): embedded gradient {eGrad[element]:R}, TorchSharp gradient {tGrad[element]:R}; " +
                $"central differences in float64 (h = {h:G2}) of the embedded forward {fdE:R}, of libtorch's forward {fdT:R}";
        }
        catch (Exception e)
        {
            return $"referee at leaf element {element}: central differences failed ({e.Message})";
        }
    }

    static string Describe(OpCase op, bool float32, ValueKind kind, int seed, Case c, Input[] inputs, string what)
    {
        var s = new StringBuilder();
        s.AppendLine($"{op.Name} ({(float32 ? "float32" : "float64")}, {kind} values, seed {seed}): {what}");
        s.AppendLine($"  args: {c.Args}");
        for (int k = 0; k < inputs.Length; k++)
        {
            var i = inputs[k];
            string leaf = $"leaf{k}";
            string values = i.Values is { Length: <= 24 } v ? " values {" + string.Join(", ", v.Select(x => x.ToString("R"))) + "}"
                : i.Indices is { Length: <= 24 } ix ? " indices {" + string.Join(", ", ix) + "}" : "";
            s.AppendLine($"  input {k}: {i.Spec.Domain} {RandomInputs.Format(i.Spec.Shape)} = {i.View.Describe(leaf)} with {leaf} {RandomInputs.Format(i.View.LeafShape)}" +
                $" (strides {RandomInputs.Format(i.T.stride())}{(i.Spec.Grad && i.Spec.IsFloat ? ", differentiable" : "")}){values}");
        }
        s.Append($"  reproduce: OpDriver.Check(OpTable.Find(\"{op.Name}\"), float32: {(float32 ? "true" : "false")}, ValueKind.{kind}, seed: {seed});");
        return s.ToString();
    }
}
