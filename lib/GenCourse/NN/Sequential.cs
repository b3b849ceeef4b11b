using static GenCourse.torch.nn;

namespace GenCourse.Modules;

/// <summary>Applies its modules in order; children are named "0", "1", ... or by the names given.</summary>
public sealed class Sequential : Module<Tensor, Tensor>
{
    readonly List<Module<Tensor, Tensor>> layers = new();

    public Sequential(params Module<Tensor, Tensor>[] modules)
    {
        foreach (var m in modules) append(m);
    }

    public Sequential(params (string name, Module<Tensor, Tensor> module)[] modules)
    {
        foreach (var (name, m) in modules)
        {
            register_module(name, m);
            layers.Add(m);
        }
    }

    public Sequential append(Module<Tensor, Tensor> module)
    {
        register_module(layers.Count.ToString(), module);
        layers.Add(module);
        return this;
    }

    public int Count => layers.Count;

    public Module<Tensor, Tensor> this[int index] => layers[index];

    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var layer in layers) x = layer.forward(x);
        return x;
    }
}
