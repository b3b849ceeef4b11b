using Xunit;

namespace GenCourse.Tests.Shared;

public class ParallelTeamTests
{
    [Fact]
    public void For_RunsEveryIterationExactlyOnce_LoopAfterLoop()
    {
        // Back-to-back loops of many sizes: helpers that come late to a loop must neither run nor skip an iteration.
        for (int loop = 0; loop < 500; loop++)
        {
            int count = 1 + loop % 9;
            var runs = new int[count];
            ParallelTeam.For(count, i =>
            {
                Thread.SpinWait(20_000);   // long enough that a loop returning before its helpers finish is caught
                Interlocked.Increment(ref runs[i]);
            });
            Assert.All(runs, r => Assert.Equal(1, r));
        }
    }

    [Fact]
    public void For_AfterTheHelpersWentToSleep_StillUsesEveryIteration()
    {
        var runs = new int[4];
        ParallelTeam.For(4, i => Interlocked.Increment(ref runs[i]));
        Thread.Sleep(20);   // longer than the helpers spin
        ParallelTeam.For(4, i => Interlocked.Increment(ref runs[i]));
        Assert.All(runs, r => Assert.Equal(2, r));
    }

    [Fact]
    public void For_Nested_RunsTheInnerLoopSerially()
    {
        var runs = new int[3, 5];
        ParallelTeam.For(3, i => ParallelTeam.For(5, j => Interlocked.Increment(ref runs[i, j])));
        foreach (int r in runs) Assert.Equal(1, r);
    }

    [Fact]
    public void For_FromSeveralThreadsAtOnce_RunsEveryLoopCompletely()
    {
        long total = 0;
        Parallel.For(0, 8, _ =>
        {
            for (int loop = 0; loop < 200; loop++) ParallelTeam.For(3, i => Interlocked.Add(ref total, i + 1));
        });
        Assert.Equal(8 * 200 * 6, total);
    }

    [Fact]
    public void For_BodyThrows_RethrowsAfterTheLoop()
    {
        int runs = 0;
        var e = Assert.Throws<AggregateException>(() => ParallelTeam.For(4, i =>
        {
            Interlocked.Increment(ref runs);
            if (i == 2) throw new InvalidOperationException("iteration 2");
        }));
        Assert.Equal("iteration 2", e.InnerException!.Message);
        Assert.Equal(4, runs);
        ParallelTeam.For(2, _ => { });   // the team still works
    }
}
