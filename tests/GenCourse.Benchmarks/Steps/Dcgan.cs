namespace GenCourse.Benchmarks.Steps;

/// <summary>
/// DCGAN (Radford et al., 2016) as in pytorch/examples dcgan/main.py, scaled from 64 x 64 to 1 x 28 x 28 images
/// (two upsamplings 7 -> 14 -> 28 instead of four) and ending in logits for BCE-with-logits instead of a sigmoid.
/// </summary>
public static class Dcgan
{
    public const int LatentDim = 100, Features = 64;

    /// <summary>z [N, 100, 1, 1] -> image [N, 1, 28, 28] in (-1, 1).</summary>
    public static Sequential Generator() => nn.Sequential(
        nn.ConvTranspose2d(LatentDim, 2 * Features, 7, bias: false), nn.BatchNorm2d(2 * Features), nn.ReLU(),              // 7 x 7
        nn.ConvTranspose2d(2 * Features, Features, 4, stride: 2, padding: 1, bias: false), nn.BatchNorm2d(Features), nn.ReLU(), // 14 x 14
        nn.ConvTranspose2d(Features, 1, 4, stride: 2, padding: 1, bias: false), nn.Tanh());                                 // 28 x 28

    /// <summary>image [N, 1, 28, 28] -> logit of "real" [N, 1, 1, 1].</summary>
    public static Sequential Discriminator() => nn.Sequential(
        nn.Conv2d(1, Features, 4, stride: 2, padding: 1, bias: false), nn.LeakyReLU(0.2),                                  // 14 x 14
        nn.Conv2d(Features, 2 * Features, 4, stride: 2, padding: 1, bias: false), nn.BatchNorm2d(2 * Features), nn.LeakyReLU(0.2), // 7 x 7
        nn.Conv2d(2 * Features, 1, 7, bias: false));                                                                        // 1 x 1
}
