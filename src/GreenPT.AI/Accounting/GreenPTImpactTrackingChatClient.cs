using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace GreenPT.AI;

/// <summary>
/// Middleware that records each call's impact, model, tokens and duration into a <see cref="GreenPTImpactTracker"/> the caller owns,
/// and enforces the tracker's <see cref="GreenPTImpactTracker.Budget"/>. Works with any inner <see cref="IChatClient"/>, streaming or not.
/// </summary>
/// <remarks>
/// <para>Placed right around a <see cref="GreenPTChatClient"/> (inside function invocation), it records every GreenPT call; placed
/// outside a function-invocation loop, it records each loop as one call with the loop's total impact
/// (<see cref="GreenPTImpactExtensions.GetTotalGreenPTImpact(ChatResponse)"/>).</para>
/// <para>Each call's tracker comes from a selector, so one client can serve many scopes (per request, user or tenant); a call for
/// which the selector returns <see langword="null"/> passes through untracked. A call that fails records nothing.</para>
/// </remarks>
public sealed class GreenPTImpactTrackingChatClient : DelegatingChatClient
{
    private readonly Func<ChatOptions?, GreenPTImpactTracker?> _trackerFor;

    /// <summary>Records every call into one tracker.</summary>
    /// <param name="innerClient">The client to wrap.</param>
    /// <param name="tracker">Where to record.</param>
    public GreenPTImpactTrackingChatClient(IChatClient innerClient, GreenPTImpactTracker tracker)
        : base(innerClient)
    {
        Throw.IfNull(tracker);
        _trackerFor = _ => tracker;
    }

    /// <summary>Records each call into the tracker a selector picks from the call's options (for example by a user id in them).</summary>
    /// <param name="innerClient">The client to wrap.</param>
    /// <param name="trackerSelector">Picks the tracker for a call; <see langword="null"/> leaves the call untracked.</param>
    public GreenPTImpactTrackingChatClient(IChatClient innerClient, Func<ChatOptions?, GreenPTImpactTracker?> trackerSelector)
        : base(innerClient) => _trackerFor = Throw.IfNull(trackerSelector);

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        GreenPTImpactTracker? tracker = _trackerFor(options);
        (string? degradation, options) = await ApplyBudgetAsync(tracker, options, cancellationToken).ConfigureAwait(false);
        long started = Stopwatch.GetTimestamp();

        ChatResponse response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);

        await RecordAsync(tracker, new GreenPTImpactRecord
        {
            ModelId = response.ModelId ?? options?.ModelId,
            Impact = response.GetTotalGreenPTImpact(),
            InputTokens = response.Usage?.InputTokenCount,
            OutputTokens = response.Usage?.OutputTokenCount,
            Duration = Elapsed(started),
        }).ConfigureAwait(false);
        if (degradation is not null)
        {
            (response.AdditionalProperties ??= [])[GreenPTPropertyNames.BudgetDegradation] = degradation;
        }

        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        GreenPTImpactTracker? tracker = _trackerFor(options);
        (string? degradation, options) = await ApplyBudgetAsync(tracker, options, cancellationToken).ConfigureAwait(false);
        long started = Stopwatch.GetTimestamp();

        UsageDetails? usage = null;
        GreenPTImpact? impacts = null;
        string? modelId = null;
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            modelId = update.ModelId ?? modelId;
            foreach (AIContent content in update.Contents)
            {
                if (content is UsageContent { Details: { } details })
                {
                    (usage ??= new UsageDetails()).Add(details);
                }
            }

            bool isFinal = false;
            if (update.GetGreenPTImpact() is { } impact)
            {
                impacts = impacts is null ? impact : impacts.Add(impact);
                isFinal = true;
            }

            if (degradation is not null && (isFinal || update.Contents.Any(c => c is UsageContent)))
            {
                // Say it on the final update, with impact and usage, where Semantic Kernel's streaming agents read metadata.
                (update.AdditionalProperties ??= [])[GreenPTPropertyNames.BudgetDegradation] = degradation;
                degradation = null;
            }

            yield return update;
        }

        // As for a coalesced response: the usage counts are the exact total; the impacts seen are the fallback.
        var summary = new ChatResponse { Usage = usage };
        if (impacts is not null)
        {
            summary.AdditionalProperties = new() { [GreenPTPropertyNames.Impact] = impacts };
        }

        await RecordAsync(tracker, new GreenPTImpactRecord
        {
            ModelId = modelId ?? options?.ModelId,
            Impact = summary.GetTotalGreenPTImpact(),
            InputTokens = usage?.InputTokenCount,
            OutputTokens = usage?.OutputTokenCount,
            Duration = Elapsed(started),
        }).ConfigureAwait(false);

        if (degradation is not null)
        {
            // The stream carried no final usage or impact update to put the note on.
            yield return new ChatResponseUpdate { AdditionalProperties = new() { [GreenPTPropertyNames.BudgetDegradation] = degradation } };
        }
    }

    /// <summary>Refuses the call if the budget is spent, or degrades a copy of the options if it is nearly spent.</summary>
    /// <returns>What was degraded, or <see langword="null"/>, and the options to send.</returns>
    private static async ValueTask<(string? Degradation, ChatOptions? Options)> ApplyBudgetAsync(
        GreenPTImpactTracker? tracker, ChatOptions? options, CancellationToken cancellationToken)
    {
        if (tracker?.Budget is not { } budget)
        {
            return (null, options);
        }

        GreenPTImpact spent = (await tracker.GetTotalsAsync(budget.Window, cancellationToken).ConfigureAwait(false)).Impact;
        double fraction = budget.SpentFraction(spent);
        string scope = tracker.Name is null ? "this scope" : $"'{tracker.Name}'";
        if (fraction >= 1)
        {
            await tracker.RecordRefusedAsync(cancellationToken).ConfigureAwait(false);
            throw new GreenPTCarbonBudgetExceededException(
                $"The carbon budget of {scope}{Per(budget)} is spent ({Describe(spent, budget)}); the call was not sent.")
            {
                Scope = tracker.Name,
                Spent = spent,
                EnergyLimit = budget.EnergyLimit,
                EmissionsLimit = budget.EmissionsLimit,
            };
        }

        if (budget.DegradeAt is not double threshold || fraction < threshold || (budget.DegradedModelId is null && !budget.DegradeReasoning))
        {
            return (null, options);
        }

        ChatOptions degraded = options?.Clone() ?? new ChatOptions();
        var changes = new List<string>(2);
        if (budget.DegradedModelId is { } model)
        {
            degraded.ModelId = model;
            changes.Add("model " + model);
        }

        if (budget.DegradeReasoning)
        {
            degraded.AdditionalProperties ??= [];
            degraded.AdditionalProperties[GreenPTPropertyNames.ReasoningEffort] = "none";
            changes.Add("reasoning_effort none");
        }

        await tracker.RecordDegradedAsync(cancellationToken).ConfigureAwait(false);
        return (string.Join(", ", changes) + ": " + (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + $"% of the carbon budget of {scope}{Per(budget)} is spent", degraded);
    }

    private static string Per(GreenPTCarbonBudget budget) => budget.Window.Kind == GreenPTBudgetWindowKind.AllTime ? string.Empty : " per " + budget.Window;

    private static ValueTask RecordAsync(GreenPTImpactTracker? tracker, GreenPTImpactRecord record) =>
        // Not cancelled: the call was made and billed, so what it cost is recorded even if the caller has given up since.
        tracker is null ? default : tracker.RecordAsync(record, CancellationToken.None);

    private static string Describe(GreenPTImpact spent, GreenPTCarbonBudget budget)
    {
        var parts = new List<string>(2);
        if (budget.EnergyLimit is { } energy)
        {
            parts.Add($"energy {new GreenPTImpact { Energy = spent.Energy }} of {energy}");
        }

        if (budget.EmissionsLimit is { } emissions)
        {
            parts.Add($"emissions {new GreenPTImpact { Emissions = spent.Emissions }} of {emissions}");
        }

        return string.Join(", ", parts);
    }

    private static TimeSpan Elapsed(long started) =>
        TimeSpan.FromTicks((Stopwatch.GetTimestamp() - started) * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
}
