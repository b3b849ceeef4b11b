namespace GenCourse;

// Shapes as error messages print them; compiled into both engines' builds, so kit sources can name shapes on either.
internal static partial class Shape
{
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    public static string Format(ReadOnlySpan<long> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
