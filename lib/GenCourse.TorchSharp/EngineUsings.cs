// The engine that the kit's model, metric, data and plotting sources compile against (see DESIGN.md "Backends"):
// this project compiles lib/GenCourse's engine-neutral sources against TorchSharp.
global using TorchSharp;
global using static TorchSharp.torch;
global using TorchSharp.Modules;
global using F = TorchSharp.torch.nn.functional;
global using Tensor = TorchSharp.torch.Tensor;
