using GenCourse.Optim;
using static GenCourse.torch.nn;

namespace GenCourse;

public static partial class torch
{
    /// <summary>Optimizers, named and parameterised like torch.optim / TorchSharp.</summary>
    public static class optim
    {
        static IEnumerable<ParamGroup> One(IEnumerable<Parameter> parameters) => [new ParamGroup(parameters)];

        public static Adam Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false) =>
            new(One(parameters), lr, beta1, beta2, eps, weight_decay, amsgrad);

        public static Adam Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false) =>
            new(groups, lr, beta1, beta2, eps, weight_decay, amsgrad);

        public static AdamW AdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0.01, bool amsgrad = false) =>
            new(One(parameters), lr, beta1, beta2, eps, weight_decay, amsgrad);

        public static SGD SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false) =>
            new(One(parameters), lr, momentum, dampening, weight_decay, nesterov);

        public static SGD SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false) =>
            new(groups, lr, momentum, dampening, weight_decay, nesterov);
    }
}
