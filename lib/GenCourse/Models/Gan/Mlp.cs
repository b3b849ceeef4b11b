namespace GenCourse.Models.Gan;

/// <summary>
/// A GAN player as a multilayer perceptron: Linear layers with leaky ReLU between them (slope 0 gives ReLU), and
/// optionally the minibatch-stddev feature (<see cref="MinibatchStdDev"/>) appended before the last layer. Besides
/// <c>forward</c> it runs with any tensors in place of its own parameters (<see cref="Forward(Tensor, IReadOnlyList{Tensor})"/>,
/// what an unrolled GAN differentiates through) and returns a hidden layer's activation (<see cref="Features"/>, for
/// feature matching).
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    readonly ModuleList<Linear> layers;

    public Mlp(int inputDim, int[] hidden, int outputDim, double negativeSlope = 0.2, bool minibatchStdDev = false) : base(nameof(Mlp))
    {
        if (inputDim < 1 || outputDim < 1 || hidden.Any(h => h < 1))
            throw new ArgumentException($"Mlp: widths must be >= 1, got input {inputDim}, hidden [{string.Join(", ", hidden)}], output {outputDim}");
        int[] widths = [inputDim, .. hidden, outputDim];
        var linears = new Linear[widths.Length - 1];
        for (int i = 0; i < linears.Length; i++)
        {
            int extra = minibatchStdDev && i == linears.Length - 1 ? 1 : 0;   // the appended batch statistic
            linears[i] = nn.Linear(widths[i] + extra, widths[i + 1]);
        }
        layers = nn.ModuleList(linears);
        (InputDim, OutputDim, NegativeSlope, HasMinibatchStdDev) = (inputDim, outputDim, negativeSlope, minibatchStdDev);
        RegisterComponents();
    }

    /// <summary>A generator: latent [N, latentDim] to samples [N, outputDim], ReLU hidden layers, linear output.</summary>
    public static Mlp Generator(int latentDim, int[] hidden, int outputDim) => new(latentDim, hidden, outputDim, negativeSlope: 0);

    /// <summary>A discriminator: samples [N, inputDim] to one logit each [N, 1], leaky-ReLU (0.2) hidden layers as in DCGAN.</summary>
    public static Mlp Discriminator(int inputDim, int[] hidden, bool minibatchStdDev = false) => new(inputDim, hidden, 1, 0.2, minibatchStdDev);

    public int InputDim { get; }

    public int OutputDim { get; }

    /// <summary>Slope of the leaky ReLU for negative inputs (0 = ReLU).</summary>
    public double NegativeSlope { get; }

    public bool HasMinibatchStdDev { get; }

    /// <summary>Number of hidden layers (the layers <see cref="Features"/> can return).</summary>
    public int HiddenLayers => layers.Count - 1;

    /// <summary>The parameters in layer order: weight 0, bias 0, weight 1, bias 1, ...</summary>
    public IReadOnlyList<Tensor> Weights => layers.SelectMany(l => new Tensor[] { l.weight, l.bias! }).ToArray();

    public override Tensor forward(Tensor x) => Forward(x, Weights);

    /// <summary>The network with <paramref name="weights"/> (laid out as <see cref="Weights"/>) in place of its parameters.</summary>
    public Tensor Forward(Tensor x, IReadOnlyList<Tensor> weights) => Run(x, weights, HiddenLayers);

    /// <summary>h(x): the activation of hidden layer <paramref name="layer"/> (0 = the first), [N, width].</summary>
    public Tensor Features(Tensor x, int layer)
    {
        if (layer < 0 || layer >= HiddenLayers)
            throw new ArgumentException($"Mlp.Features: layer must be in [0, {HiddenLayers}) (the hidden layers), got {layer}", nameof(layer));
        return Run(x, Weights, layer);
    }

    Tensor Run(Tensor x, IReadOnlyList<Tensor> weights, int stopAfter)
    {
        if (x.dim() != 2 || x.shape[1] != InputDim)
            throw new ArgumentException($"Mlp: input of shape {Shape.Format(x.shape)} does not fit the first layer, which takes [N, {InputDim}]", nameof(x));
        if (weights.Count != 2 * layers.Count)
            throw new ArgumentException($"Mlp: expected {2 * layers.Count} weight tensors (weight and bias per layer), got {weights.Count}", nameof(weights));
        if (x.dtype != weights[0].dtype)
            throw new ArgumentException($"Mlp: input is {x.dtype} but the weights are {weights[0].dtype}", nameof(x));
        for (int i = 0; i < layers.Count; i++)
        {
            if (i == layers.Count - 1 && HasMinibatchStdDev) x = MinibatchStdDev.Append(x);
            x = F.linear(x, weights[2 * i], weights[2 * i + 1]);
            if (i == layers.Count - 1) break;
            x = F.leaky_relu(x, NegativeSlope);
            if (i == stopAfter) break;
        }
        return x;
    }
}
