using GenCourse.Kernels;

namespace GenCourse;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            static (int, int) Pair(long[]? v, long fallback, string op, string name) => v switch
            {
                null => ((int)fallback, (int)fallback),
                { Length: 1 } => ((int)v[0], (int)v[0]),
                { Length: 2 } => ((int)v[0], (int)v[1]),
                _ => throw new ArgumentException($"{op}: {name} must have 1 or 2 values, got {Shape.Format(v)}"),
            };

            static void CheckFloatPair(Tensor input, Tensor weight, string op)
            {
                if (!input.dtype.IsFloatingPoint() || input.dtype != weight.dtype)
                    throw new ArgumentException($"{op}: input and weight must be floating-point tensors of one dtype, got {input.dtype.TorchName()} and {weight.dtype.TorchName()}");
            }

            static Tensor AddChannelBias(Tensor y, Tensor? bias, int channels, string op)
            {
                if (bias is null) return y;
                if (bias.dim() != 1 || bias.dims[0] != channels)
                    throw new ArgumentException($"{op}: bias has shape {Shape.Format(bias.dims)}, expected [{channels}]");
                return y + bias.reshape(channels, 1, 1);
            }

            /// <summary>2-D convolution of input [N, Cin, H, W] with weight [Cout, Cin/groups, KH, KW] (cross-correlation, as in PyTorch).</summary>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? strides = null, long[]? padding = null, long[]? dilation = null, long groups = 1)
            {
                CheckFloatPair(input, weight, "conv2d");
                if (input.dim() != 4 || weight.dim() != 4)
                    throw new ArgumentException($"conv2d: expects input [N, C, H, W] and weight [out, in/groups, kH, kW], got {Shape.Format(input.dims)} and {Shape.Format(weight.dims)}");
                if (groups <= 0 || input.dims[1] != weight.dims[1] * groups || weight.dims[0] % groups != 0)
                    throw new ArgumentException($"conv2d: input {Shape.Format(input.dims)} has {input.dims[1]} channels but weight {Shape.Format(weight.dims)} with groups={groups} expects {weight.dims[1] * groups} (and out channels divisible by groups)");
                var (sh, sw) = Pair(strides, 1, "conv2d", "strides");
                var (ph, pw) = Pair(padding, 0, "conv2d", "padding");
                var (dh, dw) = Pair(dilation, 1, "conv2d", "dilation");
                var g = new Conv2dGeometry(input.dims[0], input.dims[1], input.dims[2], input.dims[3], weight.dims[0],
                    weight.dims[2], weight.dims[3], sh, sw, ph, pw, dh, dw, (int)groups);
                g.Validate("conv2d");
                return AddChannelBias(Convolution.Forward(input, weight, g), bias, weight.dims[0], "conv2d");
            }

            /// <summary>1-D convolution of input [N, Cin, L] with weight [Cout, Cin/groups, K].</summary>
            public static Tensor conv1d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1)
            {
                if (input.dim() != 3 || weight.dim() != 3)
                    throw new ArgumentException($"conv1d: expects input [N, C, L] and weight [out, in/groups, k], got {Shape.Format(input.dims)} and {Shape.Format(weight.dims)}");
                var y = conv2d(input.unsqueeze(2), weight.unsqueeze(2), null, [1, stride], [0, padding], [1, dilation], groups).squeeze(2);
                return bias is null ? y : y + bias.reshape(-1, 1);
            }

            /// <summary>
            /// Transposed convolution (the gradient of conv2d with respect to its input) of input [N, Cin, H, W] with
            /// weight [Cin, Cout/groups, KH, KW]; output size (H - 1) stride - 2 padding + dilation (KH - 1) + output_padding + 1.
            /// </summary>
            public static Tensor conv_transpose2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? strides = null, long[]? padding = null,
                long[]? output_padding = null, long[]? dilation = null, long groups = 1)
            {
                CheckFloatPair(input, weight, "conv_transpose2d");
                if (input.dim() != 4 || weight.dim() != 4)
                    throw new ArgumentException($"conv_transpose2d: expects input [N, C, H, W] and weight [in, out/groups, kH, kW], got {Shape.Format(input.dims)} and {Shape.Format(weight.dims)}");
                if (groups <= 0 || input.dims[1] != weight.dims[0] || weight.dims[0] % groups != 0)
                    throw new ArgumentException($"conv_transpose2d: input {Shape.Format(input.dims)} has {input.dims[1]} channels but weight {Shape.Format(weight.dims)} expects {weight.dims[0]} (divisible by groups={groups})");
                var (sh, sw) = Pair(strides, 1, "conv_transpose2d", "strides");
                var (ph, pw) = Pair(padding, 0, "conv_transpose2d", "padding");
                var (oph, opw) = Pair(output_padding, 0, "conv_transpose2d", "output_padding");
                var (dh, dw) = Pair(dilation, 1, "conv_transpose2d", "dilation");
                if (oph >= Math.Max(sh, dh) || opw >= Math.Max(sw, dw) || oph < 0 || opw < 0)
                    throw new ArgumentException($"conv_transpose2d: output_padding ({oph}, {opw}) must be non-negative and smaller than stride or dilation");
                int kh = weight.dims[2], kw = weight.dims[3];
                int outH = (input.dims[2] - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1;
                int outW = (input.dims[3] - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1;
                int outChannels = weight.dims[1] * (int)groups;
                if (outH <= 0 || outW <= 0)
                    throw new ArgumentException($"conv_transpose2d: output size {outH}x{outW} is not positive for input {Shape.Format(input.dims)}");
                // The transposed convolution is InputGrad of the convolution that maps its output back to its input.
                var g = new Conv2dGeometry(input.dims[0], outChannels, outH, outW, input.dims[1], kh, kw, sh, sw, ph, pw, dh, dw, (int)groups);
                g.Validate("conv_transpose2d");
                return AddChannelBias(Convolution.InputGrad(input, weight, g), bias, outChannels, "conv_transpose2d");
            }
        }
    }
}
