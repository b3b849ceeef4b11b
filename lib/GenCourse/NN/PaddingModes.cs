namespace GenCourse;

/// <summary>How F.pad and padded layers fill the border (TorchSharp's PaddingModes; Zeros pads with 0 like Constant).</summary>
public enum PaddingModes
{
    Zeros,
    Reflect,
    Replicate,
    Circular,
    Constant,
}

public static partial class torch
{
    /// <summary>F.interpolate's resampling method (TorchSharp's torch.InterpolationMode); the embedded engine implements Nearest.</summary>
    public enum InterpolationMode
    {
        Nearest,
        Linear,
        Bilinear,
        Bicubic,
        Trilinear,
        Area,
        NearestExact,
    }

    /// <summary>nn.Upsample's resampling method (TorchSharp's torch.UpsampleMode); its values are the first ones of <see cref="InterpolationMode"/>.</summary>
    public enum UpsampleMode
    {
        Nearest,
        Linear,
        Bilinear,
        Bicubic,
        Trilinear,
    }
}
