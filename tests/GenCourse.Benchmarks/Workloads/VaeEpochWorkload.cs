using System.Diagnostics;
using GenCourse;
using GenCourse.Data;
using GenCourse.Models.Vae;
using static GenCourse.torch;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>
/// MLP VAE on Fashion-MNIST (784-512-256-2x32 / 32-256-512-784, Bernoulli decoder), Adam 1e-3, batch 128:
/// seconds per epoch over the 60,000 training images and the test negative ELBO (nats per image) after each epoch.
/// </summary>
public sealed class VaeEpochWorkload : IWorkload
{
    public string Name => "vae-epoch";

    public string Description => "MLP VAE on Fashion-MNIST, one line per epoch (seconds_per_epoch, test_neg_elbo); --epochs N";

    public void Run(Options options)
    {
        int epochs = options.Int("epochs", 1);
        manual_seed(0);
        var train = FashionMnist.Load(train: true);
        var test = FashionMnist.Load(train: false);
        var trainX = train.Images.reshape(-1, 784);
        var testX = test.Images.reshape(-1, 784);
        var vae = Vae.Mlp(784, [512, 256], 32);
        var optimizer = optim.Adam(vae.parameters(), lr: 1e-3);
        var loader = new DataLoader(new TensorDataset(trainX), batch_size: 128, shuffle: true, generator: new Generator(1));
        var noise = new Generator(2);
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var batch in loader)
            {
                optimizer.zero_grad();
                vae.NegativeElbo(batch[0], generator: noise).loss.backward();
                optimizer.step();
            }
            double seconds = clock.Elapsed.TotalSeconds;
            Measure.Report(new
            {
                workload = Name,
                epoch,
                seconds_per_epoch = Measure.Round(seconds, 2),
                test_neg_elbo = Measure.Round(TestNegativeElbo(vae, testX), 2),
            });
        }
    }

    /// <summary>Mean negative ELBO over the test set, one sampled z per image with a fixed seed.</summary>
    static double TestNegativeElbo(Vae vae, Tensor testX)
    {
        using var _ = no_grad();
        var g = new Generator(3);
        double total = 0;
        foreach (var batch in testX.split(1000))
            total += vae.NegativeElbo(batch, generator: g).loss.item<float>() * batch.shape[0];
        return total / testX.shape[0];
    }
}
