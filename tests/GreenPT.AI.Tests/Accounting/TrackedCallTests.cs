using System.Diagnostics;

namespace GreenPT.AI.Tests.Accounting;

/// <summary>The duration the tracking middleware record: right for short calls and for calls of hours.</summary>
public sealed class TrackedCallTests
{
    [Theory, InlineData(0.5), InlineData(20 * 60), InlineData(6 * 3600)]
    public void Elapsed_IsTheTimeSinceTheStart_WithoutOverflow(double seconds)
    {
        long started = Stopwatch.GetTimestamp() - (long)(seconds * Stopwatch.Frequency);

        TimeSpan elapsed = TrackedCall.Elapsed(started);

        Assert.InRange(elapsed.TotalSeconds, seconds, seconds + 60);
    }
}
