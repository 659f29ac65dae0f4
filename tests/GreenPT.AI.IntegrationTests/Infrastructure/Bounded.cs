using Microsoft.Extensions.AI;

namespace GreenPT.AI.IntegrationTests.Infrastructure;

/// <summary>
/// Bounded waits. A bound is a safety net that turns a hang into a failure, never a speed being measured. Unlike
/// <c>Task.WaitAsync(TimeSpan)</c>, running out of time fails the test with an assertion rather than a
/// <see cref="TimeoutException"/>, so it can never be mistaken for the library's own <see cref="TimeoutException"/>.
/// </summary>
internal static class Bounded
{
    /// <summary>The default safety bound.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Waits for <paramref name="task"/> to finish (in any state) without observing its result.</summary>
    public static async Task CompletionAsync(Task task, TimeSpan? bound = null, string? what = null)
    {
        TimeSpan limit = bound ?? Default;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        Task winner = await Task.WhenAny(task, Task.Delay(limit, stop.Token));
        await stop.CancelAsync();
        if (winner != task)
        {
            Assert.Fail($"{what ?? "The operation"} did not finish within the safety bound of {limit}.");
        }
    }

    /// <summary>Awaits <paramref name="task"/>, failing the test if it does not finish within the bound.</summary>
    public static async Task Within(Task task, TimeSpan? bound = null, string? what = null)
    {
        await CompletionAsync(task, bound, what);
        await task;
    }

    /// <summary>Awaits <paramref name="task"/>, failing the test if it does not finish within the bound.</summary>
    public static async Task<T> Within<T>(Task<T> task, TimeSpan? bound = null, string? what = null)
    {
        await CompletionAsync(task, bound, what);
        return await task;
    }

    /// <summary>Awaits <paramref name="task"/>, failing the test if it does not finish within the bound.</summary>
    public static Task<T> Within<T>(ValueTask<T> task, TimeSpan? bound = null, string? what = null) => Within(task.AsTask(), bound, what);

    /// <summary>Polls <paramref name="condition"/> until it holds, failing the test once the bound has passed.</summary>
    /// <remarks>Progress depends on the condition, not on the clock: the short pause only keeps the loop from spinning.</remarks>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? bound = null, Action? betweenChecks = null)
    {
        TimeSpan limit = bound ?? Default;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Waited {limit} for {what}.");
            }

            betweenChecks?.Invoke();
            await Task.Delay(TimeSpan.FromMilliseconds(10), Ct);
        }
    }

    /// <summary>Runs <paramref name="action"/> and expects it to throw <typeparamref name="TException"/> (or a subclass) within the bound.</summary>
    /// <returns>The exception, already checked for the API key.</returns>
    public static async Task<TException> ThrowsAsync<TException>(Func<Task> action, TimeSpan? bound = null)
        where TException : Exception
    {
        Task task;
        try
        {
            task = action();
        }
#pragma warning disable CA1031 // A synchronous throw is part of what is being observed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            task = Task.FromException(ex);
        }

        await CompletionAsync(task, bound);
        TException exception = await Assert.ThrowsAnyAsync<TException>(() => task);
        Secrets.AssertClean(exception);
        return exception;
    }

    /// <summary>Reads a whole stream into <paramref name="received"/>, so that a test can see what arrived before a failure.</summary>
    public static async Task ConsumeAsync(IAsyncEnumerable<ChatResponseUpdate> updates, List<ChatResponseUpdate> received)
    {
        await foreach (ChatResponseUpdate update in updates)
        {
            received.Add(update);
        }
    }

    /// <summary>Reads a whole stream within the bound.</summary>
    public static async Task<List<ChatResponseUpdate>> StreamAsync(IAsyncEnumerable<ChatResponseUpdate> updates, TimeSpan? bound = null)
    {
        var received = new List<ChatResponseUpdate>();
        await Within(ConsumeAsync(updates, received), bound, "The stream");
        return received;
    }
}
