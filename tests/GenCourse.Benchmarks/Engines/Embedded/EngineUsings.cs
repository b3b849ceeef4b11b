// The engine that the benchmark steps (../../Steps) compile against here: the kit's embedded engine.
global using GenCourse.Modules;
global using static GenCourse.torch;
global using F = GenCourse.torch.nn.functional;
