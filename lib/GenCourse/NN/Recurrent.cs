using static GenCourse.torch.nn;

namespace GenCourse.Modules;

/// <summary>Weights of a gated recurrent cell: input and hidden projections to <c>gates * hidden</c>, uniform in +-1/sqrt(hidden).</summary>
public abstract class RecurrentCell : Module
{
    public Parameter weight_ih, weight_hh;
    public Parameter? bias_ih, bias_hh;

    protected RecurrentCell(long input_size, long hidden_size, int gates, bool hasBias, ScalarType? dtype, Generator? generator)
    {
        double bound = 1 / Math.Sqrt(hidden_size);
        Parameter Uniform(params long[] shape) => new(rand(shape, generator: generator, dtype: dtype) * (2 * bound) - bound);
        weight_ih = Uniform(gates * hidden_size, input_size);
        weight_hh = Uniform(gates * hidden_size, hidden_size);
        if (hasBias)
        {
            bias_ih = Uniform(gates * hidden_size);
            bias_hh = Uniform(gates * hidden_size);
        }
        HiddenSize = hidden_size;
    }

    public long HiddenSize { get; }

    protected Tensor InputProjection(Tensor x) => functional.linear(x, weight_ih, bias_ih);

    protected Tensor HiddenProjection(Tensor h) => functional.linear(h, weight_hh, bias_hh);

    protected Tensor ZeroState(Tensor x) => zeros([x.shape[0], HiddenSize], dtype: x.dtype);
}

/// <summary>LSTM cell (gates i, f, g, o as in PyTorch): c' = f c + i g, h' = o tanh(c').</summary>
public sealed class LSTMCell(long input_size, long hidden_size, bool hasBias = true, ScalarType? dtype = null, Generator? generator = null)
    : RecurrentCell(input_size, hidden_size, 4, hasBias, dtype, generator)
{
    public (Tensor h, Tensor c) forward(Tensor input, (Tensor h, Tensor c)? state = null)
    {
        var (h, c) = state ?? (ZeroState(input), ZeroState(input));
        var gates = (InputProjection(input) + HiddenProjection(h)).chunk(4, 1);
        var (i, f, g, o) = (gates[0].sigmoid(), gates[1].sigmoid(), gates[2].tanh(), gates[3].sigmoid());
        var cNext = f * c + i * g;
        return (o * cNext.tanh(), cNext);
    }
}

/// <summary>GRU cell (gates r, z, n as in PyTorch): h' = (1 - z) n + z h with n = tanh(W_in x + r (W_hn h)).</summary>
public sealed class GRUCell(long input_size, long hidden_size, bool hasBias = true, ScalarType? dtype = null, Generator? generator = null)
    : RecurrentCell(input_size, hidden_size, 3, hasBias, dtype, generator)
{
    public Tensor forward(Tensor input, Tensor? h = null)
    {
        h ??= ZeroState(input);
        var xi = InputProjection(input).chunk(3, 1);
        var hh = HiddenProjection(h).chunk(3, 1);
        var r = (xi[0] + hh[0]).sigmoid();
        var z = (xi[1] + hh[1]).sigmoid();
        var n = (xi[2] + r * hh[2]).tanh();
        return (1 - z) * n + z * h;
    }
}

/// <summary>A (multi-layer) LSTM over sequences [T, N, input] (or [N, T, input] with batch_first).</summary>
public sealed class LSTM : Module
{
    readonly ModuleList<LSTMCell> cells = new();
    readonly bool batchFirst;

    public LSTM(long input_size, long hidden_size, int num_layers = 1, bool hasBias = true, bool batch_first = false, ScalarType? dtype = null, Generator? generator = null)
    {
        if (num_layers < 1) throw new ArgumentException($"LSTM: num_layers must be >= 1, got {num_layers}");
        for (int l = 0; l < num_layers; l++) cells.Add(new LSTMCell(l == 0 ? input_size : hidden_size, hidden_size, hasBias, dtype, generator));
        batchFirst = batch_first;
    }

    /// <summary>Returns the top layer's outputs for every step and the final (h, c) of every layer, stacked as [layers, N, hidden].</summary>
    public (Tensor output, (Tensor h, Tensor c) state) forward(Tensor input, (Tensor h, Tensor c)? state = null)
    {
        if (input.dim() != 3) throw new ArgumentException($"LSTM: expects a 3-D input, got shape {Shape.Format(input.dims)}");
        var x = batchFirst ? input.transpose(0, 1) : input;
        var steps = Enumerable.Range(0, (int)x.shape[0]).Select(t => x[t]).ToList();
        var hs = new List<Tensor>();
        var cs = new List<Tensor>();
        for (int l = 0; l < cells.Count; l++)
        {
            (Tensor h, Tensor c)? s = state is { } st ? (st.h[l], st.c[l]) : null;
            var outputs = new List<Tensor>();
            foreach (var xt in steps)
            {
                s = cells[l].forward(xt, s);
                outputs.Add(s.Value.h);
            }
            hs.Add(s!.Value.h);
            cs.Add(s.Value.c);
            steps = outputs;
        }
        var output = stack(steps, 0);
        return (batchFirst ? output.transpose(0, 1) : output, (stack(hs, 0), stack(cs, 0)));
    }
}
