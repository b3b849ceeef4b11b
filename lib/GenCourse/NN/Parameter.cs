namespace GenCourse;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>A tensor that a module trains: a leaf that requires grad and is listed by <c>parameters()</c>.</summary>
        public sealed class Parameter : Tensor
        {
            /// <summary>Wraps the values of <paramref name="data"/> (shared, not copied) as a trainable leaf.</summary>
            public Parameter(Tensor data, bool requires_grad = true) : base(data.storage, data.dims, data.strides, data.offset)
            {
                if (!data.dtype.IsFloatingPoint())
                    throw new ArgumentException($"Parameter: only floating-point tensors can be parameters, got {data.dtype.TorchName()}");
                this.requires_grad = requires_grad;
            }
        }
    }
}
