namespace GenCourse;

public static partial class torch
{
    public static partial class nn
    {
        public static Linear Linear(long in_features, long out_features, bool hasBias = true, ScalarType? dtype = null, Generator? generator = null) =>
            new(in_features, out_features, hasBias, dtype, generator);

        public static Activation ReLU() => new("ReLU", functional.relu);
        public static Activation LeakyReLU(double negative_slope = 0.01) => new("LeakyReLU", x => functional.leaky_relu(x, negative_slope), $"negative_slope={negative_slope}");
        public static Activation ELU(double alpha = 1.0) => new("ELU", x => functional.elu(x, alpha), $"alpha={alpha}");
        public static Activation Tanh() => new("Tanh", functional.tanh);
        public static Activation Sigmoid() => new("Sigmoid", functional.sigmoid);
        public static Activation SiLU() => new("SiLU", functional.silu);
        public static GELU GELU() => new(Modules.GELU.Approximate.none);

        public static GELU GELU(GELU.Approximate approximate) => new(approximate);

        /// <summary>GELU with PyTorch's string argument ("none" or "tanh"), the embedded engine's shorthand.</summary>
        public static GELU GELU(string approximate) => new(functional.ParseApproximate(approximate));
        public static Activation Softplus(double beta = 1, double threshold = 20) => new("Softplus", x => functional.softplus(x, beta, threshold), $"beta={beta}, threshold={threshold}");
        public static Activation LogSoftmax(int dim) => new("LogSoftmax", x => x.log_softmax(dim), $"dim={dim}");
        public static Activation Softmax(int dim) => new("Softmax", x => x.softmax(dim), $"dim={dim}");
        public static Identity Identity() => new();
        public static Flatten Flatten(int start_dim = 1, int end_dim = -1) => new(start_dim, end_dim);
        public static Unflatten Unflatten(int dim, long[] unflattened_size) => new(dim, unflattened_size);
        public static Dropout Dropout(double p = 0.5, Generator? generator = null) => new(p, generator);
        /// <summary>Upsampling to <paramref name="size"/> or by <paramref name="scale_factor"/> (TorchSharp's signature; only <see cref="UpsampleMode.Nearest"/> is implemented).</summary>
        public static Upsample Upsample(long[]? size = null, double[]? scale_factor = null, UpsampleMode mode = UpsampleMode.Nearest, bool? align_corners = null, bool? recompute_scale_factor = null) =>
            new(size, scale_factor, mode, align_corners, recompute_scale_factor ?? false);

        /// <summary>Nearest-neighbour upsampling by one factor for every spatial dim (the embedded engine's shorthand).</summary>
        public static Upsample Upsample(double scale_factor, string mode = "nearest") =>
            mode == "nearest" ? new(null, [scale_factor], UpsampleMode.Nearest, null, false)
                : throw new ArgumentException($"Upsample: only mode \"nearest\" is implemented, got \"{mode}\"");

        public static Sequential Sequential(params Module<Tensor, Tensor>[] modules) => new(modules);
        public static Sequential Sequential(params (string name, Module<Tensor, Tensor> module)[] modules) => new(modules);
    
        public static Conv2d Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1, long groups = 1, bool bias = true, ScalarType? dtype = null, Generator? generator = null) =>
            new(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, dtype, generator);
        public static Conv1d Conv1d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1, long groups = 1, bool bias = true, ScalarType? dtype = null, Generator? generator = null) =>
            new(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, dtype, generator);
        public static ConvTranspose2d ConvTranspose2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long output_padding = 0, long dilation = 1, long groups = 1, bool bias = true, ScalarType? dtype = null, Generator? generator = null) =>
            new(in_channels, out_channels, kernel_size, stride, padding, output_padding, dilation, groups, bias, dtype, generator);
        public static BatchNorm BatchNorm1d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool track_running_stats = true, ScalarType? dtype = null) =>
            new(num_features, [2, 3], eps, momentum, affine, track_running_stats, dtype);
        public static BatchNorm BatchNorm2d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool track_running_stats = true, ScalarType? dtype = null) =>
            new(num_features, [4], eps, momentum, affine, track_running_stats, dtype);
        public static LayerNorm LayerNorm(long[] normalized_shape, double eps = 1e-5, bool elementwise_affine = true, ScalarType? dtype = null) =>
            new(normalized_shape, eps, elementwise_affine, dtype);
        public static LayerNorm LayerNorm(long normalized_shape, double eps = 1e-5, bool elementwise_affine = true, ScalarType? dtype = null) =>
            new([normalized_shape], eps, elementwise_affine, dtype);
        public static GroupNorm GroupNorm(long num_groups, long num_channels, double eps = 1e-5, bool affine = true, ScalarType? dtype = null) =>
            new(num_groups, num_channels, eps, affine, dtype);
        public static Embedding Embedding(long num_embeddings, long embedding_dim, long? padding_idx = null, ScalarType? dtype = null, Generator? generator = null) =>
            new(num_embeddings, embedding_dim, padding_idx, dtype, generator);
        public static LSTMCell LSTMCell(long input_size, long hidden_size, bool bias = true, ScalarType? dtype = null, Generator? generator = null) =>
            new(input_size, hidden_size, bias, dtype, generator);
        public static GRUCell GRUCell(long input_size, long hidden_size, bool bias = true, ScalarType? dtype = null, Generator? generator = null) =>
            new(input_size, hidden_size, bias, dtype, generator);
        public static LSTM LSTM(long input_size, long hidden_size, int num_layers = 1, bool bias = true, bool batch_first = false, ScalarType? dtype = null, Generator? generator = null) =>
            new(input_size, hidden_size, num_layers, bias, batch_first, dtype, generator);
        public static ModuleList<T> ModuleList<T>(params T[] modules) where T : Module => new(modules);
    }
}
