using GenCourse;

namespace GenCourse.Tests.Optim;

static class OptimAssert
{
    /// <summary>Element-wise |expected - actual| &lt;= tolerance, naming the first element that is off.</summary>
    public static void Close(IEnumerable<double> expected, IEnumerable<double> actual, double tolerance, string what = "values")
    {
        var (e, a) = (expected.ToArray(), actual.ToArray());
        Assert.True(e.Length == a.Length, $"{what}: expected {e.Length} elements, got {a.Length}");
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= tolerance, $"{what}, element {i}: expected {e[i]:R}, got {a[i]:R} (difference {Math.Abs(e[i] - a[i]):E2})");
    }

    public static void Close(Tensor expected, Tensor actual, double tolerance, string what = "values")
    {
        Assert.Equal(expected.shape, actual.shape);
        Close(expected.ToArray<double>(), actual.ToArray<double>(), tolerance, what);
    }
}
