namespace GenCourse.Benchmarks.Steps;

/// <summary>
/// One DCGAN training step on a fixed batch of "real" images, as in pytorch/examples dcgan/main.py: the discriminator
/// on real and on generated images, then the generator through the discriminator; Adam(lr 2e-4, betas 0.5, 0.999).
/// </summary>
public static class DcganStep
{
    public static Action Prepare(int batch)
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
            using var scope = NewDisposeScope();
            // Discriminator: maximise log D(x) + log(1 - D(G(z))).
            optimizerD.zero_grad();
            Loss(real, realLabel).backward();
            var fake = generator.forward(randn([batch, Dcgan.LatentDim, 1, 1], generator: random));
            Loss(fake.detach(), fakeLabel).backward();
            optimizerD.step();
            // Generator: maximise log D(G(z)) (the non-saturating loss).
            optimizerG.zero_grad();
            Loss(fake, realLabel).backward();
            optimizerG.step();
        };
    }
}
