extern alias Embedded;

using EmbeddedTensor = Embedded::GenCourse.Tensor;

namespace GenCourse;

/// <summary>
/// Copies tensors between the kit's embedded engine and TorchSharp: values, shape, dtype and requires_grad (not the
/// graph). With state dicts, a model built on one engine takes the parameters of its twin on the other.
/// </summary>
public static class EngineBridge
{
    /// <summary>A TorchSharp tensor (on the CPU) holding a copy of an embedded-engine tensor.</summary>
    public static Tensor ToTorchSharp(this EmbeddedTensor t)
    {
        var shape = t.shape;
        var copy = t.dtype switch
        {
            Embedded::GenCourse.ScalarType.Float32 => torch.tensor(t.contiguous().data<float>().ToArray(), shape),
            Embedded::GenCourse.ScalarType.Float64 => torch.tensor(t.contiguous().data<double>().ToArray(), shape),
            _ => torch.tensor(t.contiguous().data<long>().ToArray(), shape),
        };
        return t.requires_grad ? copy.requires_grad_() : copy;
    }

    /// <summary>An embedded-engine tensor holding a copy of a TorchSharp tensor (from any device).</summary>
    public static EmbeddedTensor ToEmbedded(this Tensor t)
    {
        var source = t.detach().cpu().contiguous();
        var shape = source.shape;
        var copy = source.dtype switch
        {
            ScalarType.Float32 => Embedded::GenCourse.torch.tensor(source.data<float>().ToArray(), shape),
            ScalarType.Float64 => Embedded::GenCourse.torch.tensor(source.data<double>().ToArray(), shape),
            ScalarType.Int64 => Embedded::GenCourse.torch.tensor(source.data<long>().ToArray(), shape),
            _ => throw new NotSupportedException($"EngineBridge.ToEmbedded: the embedded engine has float32, float64 and int64 tensors, not {source.dtype}"),
        };
        return t.requires_grad ? copy.requires_grad_() : copy;
    }

    public static Dictionary<string, Tensor> ToTorchSharp(this IReadOnlyDictionary<string, EmbeddedTensor> state) =>
        state.ToDictionary(kv => kv.Key, kv => kv.Value.ToTorchSharp());

    public static Dictionary<string, EmbeddedTensor> ToEmbedded(this IReadOnlyDictionary<string, Tensor> state) =>
        state.ToDictionary(kv => kv.Key, kv => kv.Value.ToEmbedded());
}
