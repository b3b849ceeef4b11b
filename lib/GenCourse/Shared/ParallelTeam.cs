using System.Diagnostics;

namespace GenCourse;

/// <summary>
/// Runs the iterations of a short parallel loop on the calling thread and on helper threads that, once a loop is done,
/// keep spinning for a moment before they sleep, as OpenMP's threads do (libtorch's). The thread pool's idle workers
/// sleep at once, and waking one took 0.5-3 ms on a 2-core VM: the second core missed ~1.4 of the 8 chunks of a 1024^3
/// product and never joined three in four 128x512x784 products. Iterations are claimed from a counter, so one that no
/// helper has started yet is run by the caller, which never waits for a helper that is not working.
/// </summary>
internal static class ParallelTeam
{
    /// <summary>How long an idle helper spins before it sleeps: longer than the gaps between the kernels of a step.</summary>
    static readonly long SpinTicks = Stopwatch.Frequency / 1000;

    static readonly Helper[] Helpers = Enumerable.Range(1, Environment.ProcessorCount - 1).Select(i => new Helper(i)).ToArray();

    /// <summary>One loop at a time uses the helpers; a caller that finds them busy uses the thread pool.</summary>
    static readonly object Gate = new();

    /// <summary>The latest loop; helpers watch for a new one.</summary>
    static Loop? current;

    [ThreadStatic] static bool inLoop;

    /// <summary>Calls body(i) for every i in [0, count) once, in parallel; a loop nested in another runs serially.</summary>
    public static void For(int count, Action<int> body)
    {
        if (count <= 1 || inLoop)
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        if (Helpers.Length == 0 || !Monitor.TryEnter(Gate))
        {
            Parallel.For(0, count, body);
            return;
        }
        try
        {
            var loop = new Loop(body, count);
            Interlocked.Exchange(ref current, loop);
            foreach (var helper in Helpers) helper.Wake();
            inLoop = true;
            try { loop.Claim(); }
            finally { inLoop = false; }
            loop.WaitUntilDone();
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    sealed class Loop(Action<int> body, int count)
    {
        Action<int>? body = body;
        int next, done;
        Exception? failure;

        /// <summary>Runs unclaimed iterations until none is left (a helper that comes late finds none).</summary>
        public void Claim()
        {
            for (int i = Interlocked.Increment(ref next) - 1; i < count; i = Interlocked.Increment(ref next) - 1)
            {
                try { body!(i); }
                catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); }
                Interlocked.Increment(ref done);
            }
        }

        /// <summary>Waits for the iterations that helpers are still running; rethrows the first failure like Parallel.For.</summary>
        public void WaitUntilDone()
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref done) < count) spin.SpinOnce(sleep1Threshold: -1);
            body = null;   // the helpers keep the last loop: let go of what the body holds
            if (failure is not null) throw new AggregateException(failure);
        }
    }

    sealed class Helper
    {
        readonly SemaphoreSlim wake = new(0);
        int sleeping;

        public Helper(int index) =>
            new Thread(Serve) { IsBackground = true, Name = $"GenCourse worker {index}" }.Start();

        /// <summary>Called after a new loop is published: releases the helper if it went to sleep.</summary>
        public void Wake()
        {
            if (Interlocked.Exchange(ref sleeping, 0) == 1) wake.Release();
        }

        void Serve()
        {
            inLoop = true;
            Loop? last = null;
            while (true)
            {
                long idleSince = Stopwatch.GetTimestamp();
                Loop? loop;
                while ((loop = Volatile.Read(ref current)) == last)
                {
                    if (Stopwatch.GetTimestamp() - idleSince < SpinTicks)
                    {
                        Thread.SpinWait(20);
                        continue;
                    }
                    // Announce the sleep, then look once more: a loop published in between either sees the flag and
                    // releases the semaphore, or is seen here.
                    Interlocked.Exchange(ref sleeping, 1);
                    if (Volatile.Read(ref current) == last) wake.Wait();
                    Interlocked.Exchange(ref sleeping, 0);
                    idleSince = Stopwatch.GetTimestamp();
                }
                last = loop;
                loop!.Claim();
            }
        }
    }
}
