using System.Diagnostics;

namespace GreenPT.AI;

/// <summary>What the tracking middleware (chat, embeddings, speech to text) share: a call's duration and its budget refusal.</summary>
internal static class TrackedCall
{
    /// <summary>The time since <paramref name="started"/> (a <see cref="Stopwatch.GetTimestamp"/>), without overflow however long the call ran.</summary>
    public static TimeSpan Elapsed(long started) =>
        TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - started) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));

    /// <summary>The scope as messages name it: <c>'tenant-a'</c>, or <c>this scope</c> for a tracker without a name.</summary>
    public static string ScopeText(GreenPTImpactTracker tracker) => tracker.Name is null ? "this scope" : $"'{tracker.Name}'";

    /// <summary>The exception refusing a call of <paramref name="tracker"/>'s scope, with what was spent and the budget's limits.</summary>
    public static GreenPTCarbonBudgetExceededException Refusal(
        GreenPTImpactTracker tracker, GreenPTCarbonBudget budget, GreenPTImpact spent, string message, Exception? innerException = null) =>
        new(message, innerException)
        {
            Scope = tracker.Name,
            Spent = spent,
            EnergyLimit = budget.EnergyLimit,
            EmissionsLimit = budget.EmissionsLimit,
        };
}
