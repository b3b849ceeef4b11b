namespace GenCourse;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// Pads the last dims: <paramref name="pad"/> = (left, right) for the last dim, then (top, bottom) for the one
            /// before, etc. Modes Constant (with <paramref name="value"/>; Zeros is the same), Reflect, Replicate and Circular;
            /// negative pads crop.
            /// </summary>
            public static Tensor pad(Tensor input, long[] pad, PaddingModes mode = PaddingModes.Constant, double value = 0)
            {
                if (pad.Length % 2 != 0 || pad.Length / 2 > input.dim())
                    throw new ArgumentException($"pad: expects pairs of padding sizes for at most {input.dim()} dims, got {Shape.Format(pad)}");
                var x = input;
                for (int p = 0; p < pad.Length / 2; p++)
                {
                    int dim = input.dim() - 1 - p;
                    long before = pad[2 * p], after = pad[2 * p + 1];
                    if (before < 0) { x = x.narrow(dim, -before, x.dims[dim] + before); before = 0; }
                    if (after < 0) { x = x.narrow(dim, 0, x.dims[dim] + after); after = 0; }
                    if (before == 0 && after == 0) continue;
                    x = mode switch
                    {
                        PaddingModes.Constant or PaddingModes.Zeros => PadConstant(x, dim, (int)before, (int)after, value),
                        _ => x.index_select(dim, PadIndex(x.dims[dim], before, after, mode)),
                    };
                }
                return x;
            }

            /// <summary>pad with PyTorch's string mode ("constant", "reflect", "replicate", "circular"), the embedded engine's shorthand.</summary>
            public static Tensor pad(Tensor input, long[] pad, string mode, double value = 0) => functional.pad(input, pad, mode switch
            {
                "constant" => PaddingModes.Constant,
                "reflect" => PaddingModes.Reflect,
                "replicate" => PaddingModes.Replicate,
                "circular" => PaddingModes.Circular,
                _ => throw new ArgumentException($"pad: mode must be \"constant\", \"reflect\", \"replicate\" or \"circular\", got \"{mode}\""),
            }, value);

            static Tensor PadConstant(Tensor x, int dim, int before, int after, double value)
            {
                var shape = x.shape;
                var parts = new List<Tensor>();
                if (before > 0) { shape[dim] = before; parts.Add(full(shape, value, dtype: x.dtype)); }
                parts.Add(x);
                if (after > 0) { shape[dim] = after; parts.Add(full(shape, value, dtype: x.dtype)); }
                return cat(parts, dim);
            }

            /// <summary>Source indices of a padded dim: mirrored without the edge (Reflect), the edge repeated (Replicate), or wrapped (Circular).</summary>
            static Tensor PadIndex(int size, long before, long after, PaddingModes mode)
            {
                if (mode == PaddingModes.Reflect && (before >= size || after >= size))
                    throw new ArgumentException($"pad: reflect padding ({before}, {after}) must be smaller than the dimension size {size}");
                if (mode == PaddingModes.Circular && (before > size || after > size))
                    throw new ArgumentException($"pad: circular padding ({before}, {after}) must be at most the dimension size {size}");
                if (size == 0) throw new ArgumentException($"pad: {mode} padding needs a non-empty dimension");
                var idx = new long[size + before + after];
                for (long i = 0; i < idx.Length; i++)
                {
                    long j = i - before;
                    idx[i] = mode switch
                    {
                        PaddingModes.Reflect => j < 0 ? -j : j >= size ? 2 * (size - 1) - j : j,
                        PaddingModes.Replicate => Math.Clamp(j, 0, size - 1),
                        PaddingModes.Circular => ((j % size) + size) % size,
                        _ => throw new ArgumentException($"pad: unknown mode {mode}"),
                    };
                }
                return tensor(idx);
            }

            /// <summary>
            /// Nearest-neighbour resizing of the spatial dims of [N, C, L], [N, C, H, W] (PyTorch's "nearest": source index
            /// floor(dst * in / out), or floor(dst / scale_factor) unless <paramref name="recompute_scale_factor"/>); give either
            /// <paramref name="size"/> or <paramref name="scale_factor"/>. Only <see cref="InterpolationMode.Nearest"/> is implemented.
            /// </summary>
            public static Tensor interpolate(Tensor input, long[]? size = null, double[]? scale_factor = null, InterpolationMode mode = InterpolationMode.Nearest,
                bool? align_corners = null, bool recompute_scale_factor = false, bool antialias = false)
            {
                if (mode != InterpolationMode.Nearest) throw new ArgumentException($"interpolate: only mode Nearest is implemented, got {mode}");
                if (align_corners is not null) throw new ArgumentException("interpolate: align_corners applies only to the linear and cubic modes; leave it null for Nearest");
                if (antialias) throw new ArgumentException("interpolate: antialias applies only to the bilinear and bicubic modes");
                int spatial = input.dim() - 2;
                if (spatial < 1) throw new ArgumentException($"interpolate: expects [N, C, ...spatial] input, got shape {Shape.Format(input.dims)}");
                if ((size == null) == (scale_factor == null)) throw new ArgumentException("interpolate: give exactly one of size and scale_factor");
                var x = input;
                for (int s = 0; s < spatial; s++)
                {
                    int dim = 2 + s, inSize = input.dims[dim];
                    double scale = scale_factor != null ? 1 / (scale_factor.Length == 1 ? scale_factor[0] : scale_factor[s]) : 0;
                    long outSize = size != null ? (size.Length == 1 ? size[0] : size[s]) : (long)Math.Floor(inSize / scale);
                    if (size != null || recompute_scale_factor) scale = (double)inSize / outSize;
                    var idx = new long[outSize];
                    for (long i = 0; i < outSize; i++) idx[i] = Math.Min((long)Math.Floor(i * scale), inSize - 1);
                    x = x.index_select(dim, tensor(idx));
                }
                return x;
            }

            /// <summary>interpolate with PyTorch's string mode ("nearest" only), the embedded engine's shorthand.</summary>
            public static Tensor interpolate(Tensor input, long[]? size, double[]? scale_factor, string mode) =>
                mode == "nearest" ? interpolate(input, size, scale_factor)
                    : throw new ArgumentException($"interpolate: only mode \"nearest\" is implemented, got \"{mode}\"");

            public static Tensor interpolate(Tensor input, double scale_factor) => interpolate(input, scale_factor: [scale_factor]);
        }
    }
}
