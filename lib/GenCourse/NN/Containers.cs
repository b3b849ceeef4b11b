using System.Collections;
using static GenCourse.torch.nn;

namespace GenCourse.Modules;

/// <summary>A list of sub-modules, registered as "0", "1", ... (like torch.nn.ModuleList).</summary>
public sealed class ModuleList<T> : Module, IReadOnlyList<T> where T : Module
{
    readonly List<T> items = new();

    public ModuleList(params T[] modules)
    {
        foreach (var m in modules) Add(m);
    }

    public void Add(T module)
    {
        register_module(items.Count.ToString(), module);
        items.Add(module);
    }

    public T this[int index] => items[index];

    public int Count => items.Count;

    public IEnumerator<T> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Sub-modules by name (like torch.nn.ModuleDict), in insertion order.</summary>
public sealed class ModuleDict<T> : Module, IEnumerable<(string name, T module)> where T : Module
{
    readonly List<(string name, T module)> items = new();

    public void Add(string name, T module)
    {
        if (items.Any(i => i.name == name)) throw new ArgumentException($"ModuleDict: the name \"{name}\" is already used");
        register_module(name, module);
        items.Add((name, module));
    }

    public T this[string name] => items.FirstOrDefault(i => i.name == name).module
        ?? throw new KeyNotFoundException($"ModuleDict: no module named \"{name}\" (have: {string.Join(", ", items.Select(i => i.name))})");

    public int Count => items.Count;

    public IEnumerator<(string name, T module)> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
