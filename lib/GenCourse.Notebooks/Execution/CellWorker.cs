namespace GenCourse.Notebooks.Execution;

/// <summary>
/// Runs one cell on its own background thread so a cell that never returns can be abandoned: the token is
/// cancelled at the timeout, but a script need not observe it, so the runner stops waiting and moves on.
/// </summary>
internal static class CellWorker
{
    /// <summary>Runs <paramref name="body"/> as <paramref name="cell"/>.</summary>
    /// <returns>Finished = false on timeout; otherwise the exception the body threw, or null.</returns>
    public static (bool Finished, Exception? Error) Run(Action<CancellationToken> body, CellContext cell, TimeSpan timeout)
    {
        var cancel = new CancellationTokenSource();
        var outcome = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            CellContext.Current = cell;
            try
            {
                body(cancel.Token);
                outcome.SetResult(null);
            }
            catch (Exception e)
            {
                outcome.SetResult(e);
            }
        })
        { IsBackground = true, Name = "gencourse cell" };
        thread.Start();
        if (outcome.Task.Wait(timeout)) return (true, outcome.Task.Result);
        cancel.Cancel();
        return (false, null);
    }
}
