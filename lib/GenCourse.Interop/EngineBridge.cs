using EmbeddedTensor = GenCourse.Tensor;
using TorchTensor = TorchSharp.torch.Tensor;
using TorchScalarType = TorchSharp.torch.ScalarType;

namespace GenCourse.Interop;

/// <summary>
/// Copies tensors between the kit's embedded engine and TorchSharp: values, shape, dtype and requires_grad (not the
/// graph). With state dicts, a model built on one engine takes the parameters of its twin on the other.
/// </summary>
public static class EngineBridge
{
    /// <summary>A TorchSharp tensor (on the CPU) holding a copy of an embedded-engine tensor.</summary>
    public static TorchTensor ToTorchSharp(this EmbeddedTensor t)
    {
        var shape = t.shape;
        var copy = t.dtype switch
        {
            GenCourse.ScalarType.Float32 => TorchSharp.torch.tensor(t.contiguous().data<float>().ToArray(), shape),
            GenCourse.ScalarType.Float64 => TorchSharp.torch.tensor(t.contiguous().data<double>().ToArray(), shape),
            GenCourse.ScalarType.Bool => TorchSharp.torch.tensor(t.contiguous().data<bool>().ToArray(), shape),
            _ => TorchSharp.torch.tensor(t.contiguous().data<long>().ToArray(), shape),
        };
        return t.requires_grad ? copy.requires_grad_() : copy;
    }

    /// <summary>An embedded-engine tensor holding a copy of a TorchSharp tensor (from any device).</summary>
    public static EmbeddedTensor ToEmbedded(this TorchTensor t)
    {
        var source = t.detach().cpu().contiguous();
        var shape = source.shape;
        var copy = source.dtype switch
        {
            TorchScalarType.Float32 => GenCourse.torch.tensor(source.data<float>().ToArray(), shape),
            TorchScalarType.Float64 => GenCourse.torch.tensor(source.data<double>().ToArray(), shape),
            TorchScalarType.Int64 => GenCourse.torch.tensor(source.data<long>().ToArray(), shape),
            TorchScalarType.Bool => GenCourse.torch.tensor(source.data<bool>().ToArray(), shape),
            _ => throw new NotSupportedException($"EngineBridge.ToEmbedded: the embedded engine has float32, float64, int64 and bool tensors, not {source.dtype}"),
        };
        return t.requires_grad ? copy.requires_grad_() : copy;
    }

    public static Dictionary<string, TorchTensor> ToTorchSharp(this IReadOnlyDictionary<string, EmbeddedTensor> state) =>
        state.ToDictionary(kv => kv.Key, kv => kv.Value.ToTorchSharp());

    public static Dictionary<string, EmbeddedTensor> ToEmbedded(this IReadOnlyDictionary<string, TorchTensor> state) =>
        state.ToDictionary(kv => kv.Key, kv => kv.Value.ToEmbedded());
}
