using GenCourse.Kernels;
namespace GenCourse;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>The windows of a pooling; <paramref name="strideName"/> is how the op names its stride (max_pool2d: strides, avg_pool2d: stride, as on TorchSharp).</summary>
            static Pool2dGeometry PoolGeometry(Tensor input, long[] kernel_size, long[]? stride, string strideName, long[]? padding, long[]? dilation,
                bool ceilMode, long? divisorOverride, string op)
            {
                if (input.dim() != 4 || !input.dtype.IsFloatingPoint())
                    throw new ArgumentException($"{op}: expects a floating-point input [N, C, H, W], got {input.dtype.TorchName()} {Shape.Format(input.dims)}");
                var (kh, kw) = Pair(kernel_size, 0, op, "kernel_size");
                var (sh, sw) = stride is null || stride.Length == 0 ? (kh, kw) : Pair(stride, 0, op, strideName);
                var (ph, pw) = Pair(padding, 0, op, "padding");
                var (dh, dw) = Pair(dilation, 1, op, "dilation");
                if (divisorOverride is <= 0 or > int.MaxValue) throw new ArgumentException($"{op}: divisor_override must be positive, got {divisorOverride}");
                var g = new Pool2dGeometry(input.dims[0], input.dims[1], input.dims[2], input.dims[3], kh, kw, sh, sw, ph, pw, dh, dw, ceilMode, (int)(divisorOverride ?? 0));
                g.Validate(op);
                return g;
            }

            /// <summary>Max over windows of [N, C, H, W]; the gradient flows to the position of each maximum. ceil_mode lets the last window overhang.</summary>
            public static Tensor max_pool2d(Tensor input, long[] kernel_size, long[]? strides = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false) =>
                max_pool2d_with_indices(input, kernel_size, strides, padding, dilation, ceil_mode).output;

            /// <summary>Max pooling that also returns each maximum's flat index within its H*W plane (int64), as PyTorch's return_indices.</summary>
            public static (Tensor output, Tensor indices) max_pool2d_with_indices(Tensor input, long[] kernel_size, long[]? strides = null, long[]? padding = null, long[]? dilation = null,
                bool ceil_mode = false)
            {
                var g = PoolGeometry(input, kernel_size, strides, "strides", padding, dilation, ceil_mode, null, "max_pool2d");
                var x = Convolution.Dense(input);
                var idx = new int[g.OutputLength];
                if (x.dtype == ScalarType.Float32) PoolKernels.MaxPool2dIndices(g, x.Data<float>(), idx);
                else PoolKernels.MaxPool2dIndices(g, x.Data<double>(), idx);
                var indices = tensor(Array.ConvertAll(idx, i => (long)i), [g.N, g.Channels, g.OutH * g.OutW]);
                var output = input.reshape(g.N, g.Channels, g.H * g.W).gather(2, indices).reshape(g.N, g.Channels, g.OutH, g.OutW);
                return (output, indices.reshape(g.N, g.Channels, g.OutH, g.OutW));
            }

            /// <summary>
            /// Mean over windows of [N, C, H, W]: padding counted in the divisor when count_include_pad, the divisor replaced
            /// by divisor_override when given; ceil_mode lets the last window overhang.
            /// </summary>
            public static Tensor avg_pool2d(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null, bool ceil_mode = false,
                bool count_include_pad = true, long? divisor_override = null)
            {
                var g = PoolGeometry(input, kernel_size, stride, "stride", padding, null, ceil_mode, divisor_override, "avg_pool2d");
                return AvgPool(input, g, count_include_pad);
            }

            static Tensor AvgPool(Tensor input, Pool2dGeometry g, bool includePad)
            {
                var x = Convolution.Dense(input);
                var y = zeros([g.N, g.Channels, g.OutH, g.OutW], dtype: input.dtype);
                if (x.dtype == ScalarType.Float32) PoolKernels.AvgPool2dForward(g, includePad, x.Data<float>(), y.Data<float>());
                else PoolKernels.AvgPool2dForward(g, includePad, x.Data<double>(), y.Data<double>());
                return Engine.Record(y, "AvgPool2dBackward", [input], gy => [AvgPoolAdjoint(gy, g, includePad)]);
            }

            static Tensor AvgPoolAdjoint(Tensor dy, Pool2dGeometry g, bool includePad)
            {
                var d = Convolution.Dense(dy);
                var dx = zeros([g.N, g.Channels, g.H, g.W], dtype: dy.dtype);
                if (d.dtype == ScalarType.Float32) PoolKernels.AvgPool2dAdjoint(g, includePad, d.Data<float>(), dx.Data<float>());
                else PoolKernels.AvgPool2dAdjoint(g, includePad, d.Data<double>(), dx.Data<double>());
                return Engine.Record(dx, "AvgPool2dAdjointBackward", [dy], gg => [AvgPool(gg, g, includePad)]);
            }

            /// <summary>Averages [N, C, H, W] into an output of the given size with PyTorch's adaptive windows.</summary>
            public static Tensor adaptive_avg_pool2d(Tensor input, long[] output_size)
            {
                if (input.dim() != 4 || !input.dtype.IsFloatingPoint())
                    throw new ArgumentException($"adaptive_avg_pool2d: expects a floating-point input [N, C, H, W], got {Shape.Format(input.dims)}");
                var (oh, ow) = Pair(output_size, 0, "adaptive_avg_pool2d", "output_size");
                if (oh <= 0 || ow <= 0) throw new ArgumentException($"adaptive_avg_pool2d: output_size must be positive, got {Shape.Format(output_size)}");
                var g = new AdaptivePool2dGeometry(input.dims[0], input.dims[1], input.dims[2], input.dims[3], oh, ow);
                return AdaptivePool(input, g);
            }

            static Tensor AdaptivePool(Tensor input, AdaptivePool2dGeometry g)
            {
                var x = Convolution.Dense(input);
                var y = zeros([g.N, g.Channels, g.OutH, g.OutW], dtype: input.dtype);
                if (x.dtype == ScalarType.Float32) PoolKernels.AdaptiveAvgPool2dForward(g, x.Data<float>(), y.Data<float>());
                else PoolKernels.AdaptiveAvgPool2dForward(g, x.Data<double>(), y.Data<double>());
                return Engine.Record(y, "AdaptiveAvgPool2dBackward", [input], gy => [AdaptivePoolAdjoint(gy, g)]);
            }

            static Tensor AdaptivePoolAdjoint(Tensor dy, AdaptivePool2dGeometry g)
            {
                var d = Convolution.Dense(dy);
                var dx = zeros([g.N, g.Channels, g.H, g.W], dtype: dy.dtype);
                if (d.dtype == ScalarType.Float32) PoolKernels.AdaptiveAvgPool2dAdjoint(g, d.Data<float>(), dx.Data<float>());
                else PoolKernels.AdaptiveAvgPool2dAdjoint(g, d.Data<double>(), dx.Data<double>());
                return Engine.Record(dx, "AdaptiveAvgPool2dAdjointBackward", [dy], gg => [AdaptivePool(gg, g)]);
            }
        }
    }
}
