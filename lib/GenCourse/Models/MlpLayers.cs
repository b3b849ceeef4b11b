namespace GenCourse.Models;

/// <summary>The layers of a ReLU multilayer perceptron, shared by the MLP autoencoder and VAE factories.</summary>
internal static class MlpLayers
{
    /// <summary>Linear + ReLU for each hidden width, then a final Linear to <paramref name="output"/> when given.</summary>
    public static List<torch.nn.Module<Tensor, Tensor>> Build(int input, IEnumerable<int> hidden, int? output)
    {
        var layers = new List<torch.nn.Module<Tensor, Tensor>>();
        int width = input;
        foreach (var h in hidden)
        {
            layers.Add(torch.nn.Linear(width, h));
            layers.Add(torch.nn.ReLU());
            width = h;
        }
        if (output is int o) layers.Add(torch.nn.Linear(width, o));
        return layers;
    }
}
