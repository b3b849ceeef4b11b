using GenCourse.Modules;

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
        public static Activation GELU(string approximate = "none") => new("GELU", x => functional.gelu(x, approximate), $"approximate={approximate}");
        public static Activation Softplus(double beta = 1, double threshold = 20) => new("Softplus", x => functional.softplus(x, beta, threshold), $"beta={beta}, threshold={threshold}");
        public static Activation LogSoftmax(int dim) => new("LogSoftmax", x => x.log_softmax(dim), $"dim={dim}");
        public static Activation Softmax(int dim) => new("Softmax", x => x.softmax(dim), $"dim={dim}");
        public static Identity Identity() => new();
        public static Flatten Flatten(int start_dim = 1, int end_dim = -1) => new(start_dim, end_dim);
        public static Unflatten Unflatten(int dim, long[] unflattened_size) => new(dim, unflattened_size);
        public static Dropout Dropout(double p = 0.5, Generator? generator = null) => new(p, generator);
        public static Upsample Upsample(double scale_factor, string mode = "nearest") => new(scale_factor, mode);

        public static Sequential Sequential(params Module<Tensor, Tensor>[] modules) => new(modules);
        public static Sequential Sequential(params (string name, Module<Tensor, Tensor> module)[] modules) => new(modules);
    }
}
