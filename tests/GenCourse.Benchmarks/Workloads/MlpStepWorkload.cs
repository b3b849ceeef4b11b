using GenCourse;
using static GenCourse.torch;
using F = GenCourse.torch.nn.functional;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>One training step of a 784-512-256-10 ReLU MLP: forward, cross-entropy, backward, Adam (batch 128).</summary>
public sealed class MlpStepWorkload : IWorkload
{
    public string Name => "mlp-step";

    public string Description => "MLP 784-512-256-10 forward+backward+Adam step, batch 128 (ms_per_step)";

    public void Run(Options options)
    {
        int steps = options.Int("steps", 300);
        manual_seed(0);
        var model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10));
        var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        var g = new Generator(1);
        var x = randn(new long[] { 128, 784 }, generator: g);
        var y = randint(0, 10, new long[] { 128 }, generator: g);
        void Step()
        {
            optimizer.zero_grad();
            var loss = F.cross_entropy(model.forward(x), y);
            loss.backward();
            optimizer.step();
        }
        double seconds = Measure.MedianSeconds(Step, runs: steps, warmup: 50);
        Measure.Report(new { workload = Name, batch = 128, ms_per_step = Measure.Round(seconds * 1000) });
    }
}
