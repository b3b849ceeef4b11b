namespace GenCourse.Benchmarks.Steps;

/// <summary>One training step of a 784-512-256-10 ReLU MLP on a fixed random batch: cross-entropy, backward, Adam.</summary>
public static class MlpStep
{
    public static Action Prepare(int batch)
    {
        manual_seed(0);
        var model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10));
        var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        var generator = new Generator(1);
        var x = randn([batch, 784], generator: generator);
        var y = randint(0, 10, [batch], generator: generator);
        return () =>
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            F.cross_entropy(model.forward(x), y).backward();
            optimizer.step();
        };
    }
}
