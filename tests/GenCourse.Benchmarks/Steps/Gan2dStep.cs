using GenCourse.Data;
using GenCourse.Models.Gan;

namespace GenCourse.Benchmarks.Steps;

/// <summary>
/// One step of the kit's <see cref="Gan"/> on 8 Gaussians (notebook 05's workload): G and D are MLPs 2-128-128-128
/// (G: ReLU, output 2; D: LeakyReLU 0.2, output 1 logit), non-saturating loss, one D update and one G update, each with
/// its own Adam, on a fixed real batch. Small matrices, many ops: what it measures is per-op overhead.
/// </summary>
public static class Gan2dStep
{
    public static Action Prepare(int batch)
    {
        manual_seed(0);
        var (real, _) = Toy.EightGaussians(batch, generator: new Generator(1));
        var gan = new Gan(Mlp.Generator(2, [128, 128, 128], 2), Mlp.Discriminator(2, [128, 128, 128]),
            new GanOptions { LatentDim = 2 }, new Generator(2));
        return () => gan.Step(real);
    }
}
