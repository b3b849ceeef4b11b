// The engine that the benchmark steps (../../Steps) compile against here: TorchSharp (libtorch), with the kit's
// engine-neutral sources (models, data) as compiled by GenCourse.TorchSharp.
global using TorchSharp;
global using static TorchSharp.torch;
global using TorchSharp.Modules;
global using F = TorchSharp.torch.nn.functional;
global using Tensor = TorchSharp.torch.Tensor;
