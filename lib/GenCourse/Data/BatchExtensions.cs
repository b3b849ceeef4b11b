namespace GenCourse.Data;

/// <summary>Lets a batch (one tensor per dataset tensor) be deconstructed: <c>foreach (var (x, y) in loader)</c>.</summary>
public static class BatchExtensions
{
    public static void Deconstruct(this Tensor[] batch, out Tensor first, out Tensor second)
    {
        Expect(batch, 2);
        (first, second) = (batch[0], batch[1]);
    }

    public static void Deconstruct(this Tensor[] batch, out Tensor first, out Tensor second, out Tensor third)
    {
        Expect(batch, 3);
        (first, second, third) = (batch[0], batch[1], batch[2]);
    }

    static void Expect(Tensor[] batch, int count)
    {
        if (batch.Length != count)
            throw new ArgumentException($"the batch holds {batch.Length} tensor(s) but {count} variables were given to deconstruct it into", nameof(batch));
    }
}
