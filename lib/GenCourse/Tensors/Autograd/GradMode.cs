namespace GenCourse;

/// <summary>Whether operations record the autograd graph on the current thread (like torch.is_grad_enabled()).</summary>
internal static class GradMode
{
    [ThreadStatic] static bool disabled;

    public static bool Enabled => !disabled;

    /// <summary>Sets the mode until the returned scope is disposed, then restores the previous mode.</summary>
    public static IDisposable Set(bool enabled)
    {
        var scope = new Scope(!disabled);
        disabled = !enabled;
        return scope;
    }

    sealed class Scope(bool previous) : IDisposable
    {
        bool disposed;

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            disabled = !previous;
        }
    }
}
