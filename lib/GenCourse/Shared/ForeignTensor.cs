namespace GenCourse;

/// <summary>Recognises a tensor of the other engine where the kit takes any object (plots, tables, training history).</summary>
internal static class ForeignTensor
{
    /// <summary>True for a tensor that is not this build's Tensor: the embedded engine's in a TorchSharp build, or the reverse.</summary>
    public static bool Is(object? value) => value is not null and not Tensor && value.GetType().Name == "Tensor";

    /// <summary>The error for such a value: it names both engines and the way across.</summary>
    public static ArgumentException Error(string op, object value) => new(
        $"{op}: got a tensor of another engine ({value.GetType().FullName}), but this build of the kit works on {typeof(Tensor).FullName}; " +
        "copy it across with GenCourse.Interop.EngineBridge.ToTorchSharp / ToEmbedded, or load the kit built for that engine");
}
