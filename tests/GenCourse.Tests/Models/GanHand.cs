using GenCourse;
using GenCourse.Models.Gan;
using static GenCourse.torch;

namespace GenCourse.Tests.Models;

/// <summary>A GAN <see cref="Mlp"/> evaluated by hand in doubles from its state dict (leaky ReLU between layers).</summary>
sealed class HandMlp(Mlp mlp)
{
    readonly HandNetwork net = new(mlp.state_dict());

    public double[] Forward(double[] x) => Run(x, mlp.HiddenLayers);

    public double[] Features(double[] x, int layer) => Run(x, layer);

    double[] Run(double[] x, int stopAfter)
    {
        for (int i = 0; i <= mlp.HiddenLayers; i++)
        {
            x = net.Linear($"layers.{i}", x);
            if (i == mlp.HiddenLayers) break;
            x = x.Select(v => v > 0 ? v : mlp.NegativeSlope * v).ToArray();
            if (i == stopAfter) break;
        }
        return x;
    }

    /// <summary>Row i of a batch through the network.</summary>
    public double[] Forward(Tensor batch, int i) => Forward(HandNetwork.Row(batch, i));

    public static double[][] Rows(Tensor t) => Enumerable.Range(0, (int)t.shape[0]).Select(i => HandNetwork.Row(t, i)).ToArray();

    /// <summary>Binary cross-entropy of a logit against target y: softplus(l) - y l.</summary>
    public static double Bce(double logit, double y) => HandNetwork.Softplus(logit) - y * logit;
}
