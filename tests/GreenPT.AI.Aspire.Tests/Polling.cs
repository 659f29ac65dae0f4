namespace GreenPT.AI.Aspire.Tests;

/// <summary>Bounded polling of an asynchronous condition (what another process has received: the dashboard's telemetry).</summary>
internal static class Polling
{
    /// <summary>Polls <paramref name="condition"/> until it holds, failing the test once <paramref name="bound"/> (default 30 s) has passed.</summary>
    /// <remarks>Progress depends on the condition; the short pause between polls only keeps the loop from hammering the dashboard.</remarks>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? bound = null)
    {
        TimeSpan limit = bound ?? TimeSpan.FromSeconds(30);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Waited {limit} for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        }
    }
}
