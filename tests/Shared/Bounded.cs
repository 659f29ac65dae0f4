namespace GreenPT.AI.TestSupport;

/// <summary>
/// Bounded waits: a bound is a safety net that turns a hang into a failure with a message, never a speed being measured.
/// Nothing here sleeps to let something happen: each wait ends when its condition holds.
/// </summary>
internal static class Bounded
{
    /// <summary>The default bound.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(20);

    /// <summary>Awaits <paramref name="task"/>, failing the test with <paramref name="what"/> if it does not finish within the bound.</summary>
    public static async Task Within(Task task, string what, TimeSpan? bound = null)
    {
        TimeSpan limit = bound ?? Default;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        Task winner = await Task.WhenAny(task, Task.Delay(limit, stop.Token));
        await stop.CancelAsync();
        if (winner != task)
        {
            Assert.Fail($"Waited {limit} for {what}.");
        }

        await task;
    }

    /// <summary>Awaits <paramref name="task"/> and returns its result, failing the test if it does not finish within the bound.</summary>
    public static async Task<T> WithinResult<T>(Task<T> task, string what, TimeSpan? bound = null)
    {
        await Within(task, what, bound);
        return await task;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing the test once the bound has passed.</summary>
    /// <remarks>Progress depends on the condition, not on the clock: the short pause only keeps the loop from spinning.</remarks>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? bound = null)
    {
        TimeSpan limit = bound ?? Default;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Waited {limit} for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), TestContext.Current.CancellationToken);
        }
    }
}
