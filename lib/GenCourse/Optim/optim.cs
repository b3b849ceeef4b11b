using GenCourse.Optim;
using GenCourse.Optim.lr_scheduler;
using static GenCourse.torch.nn;

namespace GenCourse;

public static partial class torch
{
    /// <summary>Optimizers, named and parameterised like torch.optim / TorchSharp.</summary>
    public static class optim
    {
        static IEnumerable<ParamGroup> One(IEnumerable<Parameter> parameters) => [new ParamGroup(parameters)];

        public static SGD SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false) =>
            new(One(parameters), lr, momentum, dampening, weight_decay, nesterov);

        public static SGD SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false) =>
            new(groups, lr, momentum, dampening, weight_decay, nesterov);

        public static Adam Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false) =>
            new(One(parameters), lr, beta1, beta2, eps, weight_decay, amsgrad);

        public static Adam Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false) =>
            new(groups, lr, beta1, beta2, eps, weight_decay, amsgrad);

        public static AdamW AdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0.01, bool amsgrad = false) =>
            new(One(parameters), lr, beta1, beta2, eps, weight_decay, amsgrad);

        public static AdamW AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0.01, bool amsgrad = false) =>
            new(groups, lr, beta1, beta2, eps, weight_decay, amsgrad);

        public static RMSprop RMSprop(IEnumerable<Parameter> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weight_decay = 0, double momentum = 0, bool centered = false) =>
            new(One(parameters), lr, alpha, eps, weight_decay, momentum, centered);

        public static RMSprop RMSprop(IEnumerable<ParamGroup> groups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weight_decay = 0, double momentum = 0, bool centered = false) =>
            new(groups, lr, alpha, eps, weight_decay, momentum, centered);

        public static Adagrad Adagrad(IEnumerable<Parameter> parameters, double lr = 1e-2, double lr_decay = 0, double weight_decay = 0, double initial_accumulator_value = 0, double eps = 1e-10) =>
            new(One(parameters), lr, lr_decay, weight_decay, initial_accumulator_value, eps);

        public static Adagrad Adagrad(IEnumerable<ParamGroup> groups, double lr = 1e-2, double lr_decay = 0, double weight_decay = 0, double initial_accumulator_value = 0, double eps = 1e-10) =>
            new(groups, lr, lr_decay, weight_decay, initial_accumulator_value, eps);

        /// <summary>An exponential moving average of <paramref name="module"/>'s parameters (for DDPM sampling, GAN generator averaging).</summary>
        public static ExponentialMovingAverage ExponentialMovingAverage(Module module, double decay = 0.999, bool use_num_updates = false) =>
            new(module, decay, use_num_updates);

        /// <summary>Learning-rate schedulers, like torch.optim.lr_scheduler; call step() once per epoch after optimizer.step().</summary>
        public static class lr_scheduler
        {
            public static StepLR StepLR(Optimizer optimizer, int step_size, double gamma = 0.1, int last_epoch = -1) =>
                new(optimizer, step_size, gamma, last_epoch);

            public static ExponentialLR ExponentialLR(Optimizer optimizer, double gamma, int last_epoch = -1) =>
                new(optimizer, gamma, last_epoch);

            public static CosineAnnealingLR CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min = 0, int last_epoch = -1) =>
                new(optimizer, T_max, eta_min, last_epoch);

            public static LambdaLR LambdaLR(Optimizer optimizer, Func<int, double> lr_lambda, int last_epoch = -1) =>
                new(optimizer, lr_lambda, last_epoch);

            public static LambdaLR LambdaLR(Optimizer optimizer, IReadOnlyList<Func<int, double>> lr_lambdas, int last_epoch = -1) =>
                new(optimizer, lr_lambdas, last_epoch);

            public static LinearLR LinearLR(Optimizer optimizer, double start_factor = 1.0 / 3, double end_factor = 1.0, int total_iters = 5, int last_epoch = -1) =>
                new(optimizer, start_factor, end_factor, total_iters, last_epoch);
        }
    }
}
