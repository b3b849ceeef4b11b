namespace GenCourse;

/// <summary>Splits a range over the cores when it is large enough to pay for the hand-off.</summary>
internal static class Par
{
    public static readonly int Workers = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Calls body(start, end) on disjoint chunks covering [0, n), each at least <paramref name="grain"/> long.</summary>
    public static void For(int n, int grain, Action<int, int> body)
    {
        int chunks = Math.Min(Workers, n / Math.Max(grain, 1));
        if (chunks <= 1)
        {
            if (n > 0) body(0, n);
            return;
        }
        ParallelTeam.For(chunks, c => body((int)((long)n * c / chunks), (int)((long)n * (c + 1) / chunks)));
    }
}
