using GenCourse.Data;
using GenCourse.Models.Vae;
using DataLoader = GenCourse.Data.DataLoader;
using TensorDataset = GenCourse.Data.TensorDataset;

namespace GenCourse.Benchmarks.Steps;

/// <summary>
/// The kit's MLP VAE (784-512-256-2x32 / 32-256-512-784, Bernoulli decoder) on Fashion-MNIST, Adam 1e-3, batch 128:
/// one epoch over the 60,000 training images, and the test negative ELBO (nats per image).
/// </summary>
public static class VaeEpoch
{
    public static (Action epoch, Func<double> testNegativeElbo) Prepare()
    {
        manual_seed(0);
        var trainX = FashionMnist.Load(train: true).Images.reshape(-1, 784);
        var testX = FashionMnist.Load(train: false).Images.reshape(-1, 784);
        var vae = Vae.Mlp(784, [512, 256], 32);
        var optimizer = optim.Adam(vae.parameters(), lr: 1e-3);
        var loader = new DataLoader(new TensorDataset(trainX), batch_size: 128, shuffle: true, generator: new Generator(1));
        var noise = new Generator(2);
        void Epoch()
        {
            foreach (var batch in loader)
            {
                using (NewDisposeScope())
                {
                    optimizer.zero_grad();
                    vae.NegativeElbo(batch[0], generator: noise).loss.backward();
                    optimizer.step();
                }
                batch[0].Dispose();   // the loader made it before the step's scope opened
            }
        }
        // Mean over the test set, one sampled z per image with a fixed seed.
        double TestNegativeElbo()
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var generator = new Generator(3);
            double total = 0;
            foreach (var batch in testX.split(1000))
                total += vae.NegativeElbo(batch, generator: generator).loss.item<float>() * batch.shape[0];
            return total / testX.shape[0];
        }
        return (Epoch, TestNegativeElbo);
    }
}
