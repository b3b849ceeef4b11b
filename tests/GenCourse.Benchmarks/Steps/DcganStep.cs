namespace GenCourse.Benchmarks.Steps;

/// <summary>
/// One DCGAN training step on a fixed batch of "real" images, as in pytorch/examples dcgan/main.py: the discriminator
/// on real and on generated images, then the generator through the discriminator; Adam(lr 2e-4, betas 0.5, 0.999).
/// </summary>
public static class DcganStep
{
    /// <summary>Names of the step's phases, in order, as <see cref="Prepare"/> reports them to <c>phaseDone</c>.</summary>
    public static readonly string[] Phases =
        ["D(x) forward+backward", "G(z) forward", "D(G(z)) forward+backward", "Adam D", "D(G(z)) -> G forward+backward", "Adam G", "end of step"];

    /// <summary>The step; <paramref name="phaseDone"/>, if given, is called with each phase's index as it ends.</summary>
    public static Action Prepare(int batch, Action<int>? phaseDone = null)
    {
        manual_seed(0);
        var (generator, discriminator) = (Dcgan.Generator(), Dcgan.Discriminator());
        var optimizerG = optim.Adam(generator.parameters(), lr: 2e-4, beta1: 0.5, beta2: 0.999);
        var optimizerD = optim.Adam(discriminator.parameters(), lr: 2e-4, beta1: 0.5, beta2: 0.999);
        var random = new Generator(1);
        var real = 2 * rand([batch, 1, 28, 28], generator: random) - 1;
        var (realLabel, fakeLabel) = (ones([batch]), zeros([batch]));
        Tensor Loss(Tensor images, Tensor label) =>
            F.binary_cross_entropy_with_logits(discriminator.forward(images).view(-1), label);
        return () =>
        {
            using (NewDisposeScope())
            {
                // Discriminator: maximise log D(x) + log(1 - D(G(z))).
                optimizerD.zero_grad();
                Loss(real, realLabel).backward();
                phaseDone?.Invoke(0);
                var fake = generator.forward(randn([batch, Dcgan.LatentDim, 1, 1], generator: random));
                phaseDone?.Invoke(1);
                Loss(fake.detach(), fakeLabel).backward();
                phaseDone?.Invoke(2);
                optimizerD.step();
                phaseDone?.Invoke(3);
                // Generator: maximise log D(G(z)) (the non-saturating loss).
                optimizerG.zero_grad();
                Loss(fake, realLabel).backward();
                phaseDone?.Invoke(4);
                optimizerG.step();
                phaseDone?.Invoke(5);
            }
            phaseDone?.Invoke(6);   // TorchSharp frees the step's tensors as its scope closes
        };
    }
}
