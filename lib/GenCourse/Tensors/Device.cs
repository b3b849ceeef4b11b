namespace GenCourse;

/// <summary>The kind of device a tensor lives on. The embedded engine computes on the CPU only.</summary>
public enum DeviceType
{
    CPU = 0,
    CUDA = 1,
}

public static partial class torch
{
    /// <summary>
    /// Where a tensor lives, as in TorchSharp (<c>torch.CPU</c>, <c>torch.device("cpu")</c>). The embedded engine has
    /// only the CPU; asking it for another device names the engine that has one.
    /// </summary>
    public sealed class Device : IEquatable<Device>
    {
        internal Device(DeviceType type, int index = -1) => (this.type, this.index) = (type, index);

        public DeviceType type { get; }

        public int index { get; }

        public bool Equals(Device? other) => other is not null && other.type == type && other.index == index;

        public override bool Equals(object? obj) => Equals(obj as Device);

        public override int GetHashCode() => HashCode.Combine(type, index);

        public override string ToString() => type == DeviceType.CPU ? "cpu" : index >= 0 ? $"cuda:{index}" : "cuda";
    }

    /// <summary>The CPU, the embedded engine's only device.</summary>
    public static readonly Device CPU = new(DeviceType.CPU);

    /// <summary>Parses "cpu", "cuda" or "cuda:N"; only "cpu" can hold tensors of the embedded engine.</summary>
    public static Device device(string description)
    {
        var text = description.Trim().ToLowerInvariant();
        if (text == "cpu") return CPU;
        if (text == "cuda") return new Device(DeviceType.CUDA);
        if (text.StartsWith("cuda:") && int.TryParse(text[5..], out int index) && index >= 0) return new Device(DeviceType.CUDA, index);
        throw new ArgumentException($"device: unknown device \"{description}\" (expected \"cpu\", \"cuda\" or \"cuda:N\")");
    }

    public static Device device(DeviceType deviceType, int index = -1) => new(deviceType, index);

    /// <summary>True where CUDA can be used: never on the embedded engine (TorchSharp with a CUDA package has it).</summary>
    public static class cuda
    {
        public static bool is_available() => false;
    }

    /// <summary>Checks that a tensor is asked for on the CPU, the only device the embedded engine has.</summary>
    internal static void RequireCpu(Device? device, string op)
    {
        if (device is not null && device.type != DeviceType.CPU)
            throw new NotSupportedException(
                $"{op}: device {device} is not available on the embedded engine, which computes on the CPU only; " +
                "build against GenCourse.TorchSharp with a TorchSharp CUDA package to use a GPU");
    }
}
