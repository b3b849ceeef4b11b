namespace GenCourse;

/// <summary>
/// TorchSharp's dispose scope, so that code written for both engines can open one per training step:
/// <c>using var scope = torch.NewDisposeScope();</c>. Tensors of the embedded engine live in GC memory, so the scope
/// only keeps the calls compiling: nothing is disposed, and MoveToOuter/Detach return what they are given.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    internal DisposeScope()
    {
    }

    public T MoveToOuter<T>(T disposable) where T : IDisposable => disposable;

    public (T1, T2) MoveToOuter<T1, T2>(T1 first, T2 second) where T1 : IDisposable where T2 : IDisposable => (first, second);

    public (T1, T2, T3) MoveToOuter<T1, T2, T3>(T1 first, T2 second, T3 third)
        where T1 : IDisposable where T2 : IDisposable where T3 : IDisposable => (first, second, third);

    public T Detach<T>(T disposable) where T : IDisposable => disposable;

    public void Dispose()
    {
    }
}

public static partial class torch
{
    /// <summary>Opens a dispose scope (a no-op on the embedded engine; TorchSharp frees the scope's tensors at its end).</summary>
    public static DisposeScope NewDisposeScope() => new();
}
