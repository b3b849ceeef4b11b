// The engine that the kit's model, metric, data and plotting sources compile against (see DESIGN.md "Backends"):
// those sources name no engine; this project gives them the embedded one, GenCourse.TorchSharp gives them TorchSharp.
global using static GenCourse.torch;
global using GenCourse.Modules;
global using F = GenCourse.torch.nn.functional;
