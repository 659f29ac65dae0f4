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
/// which the selector returns <see langword="null"/> passes through untracked. A call refused or failed before GreenPT answered records
/// nothing (and releases its reservation, with <see cref="GreenPTCarbonBudget.ReserveBeforeSending"/>). A call that fails after GreenPT
/// began to answer (a stream cut or stopped early by its reader, a body cut or unreadable) was billed: it is recorded with what
/// arrived, and with an estimate (<see cref="GreenPTImpactTracker.Record"/>) when no impact did.</para>
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
        (string? degradation, options, GreenPTReservation? reservation) = await ApplyBudgetAsync(tracker, options, cancellationToken).ConfigureAwait(false);
        long started = Stopwatch.GetTimestamp();

        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (GreenPTException ex) when (AnsweredBeforeFailing(ex))
        {
            // The server answered (and billed) but the answer could not be read to the end: no impact arrived, so it is estimated.
            await RecordAsync(tracker, reservation, new GreenPTImpactRecord { ModelId = options?.ModelId, Duration = TrackedCall.Elapsed(started) }).ConfigureAwait(false);
            throw;
        }
        catch
        {
            await ReleaseAsync(tracker, reservation).ConfigureAwait(false);
            throw;
        }

        await RecordAsync(tracker, reservation, new GreenPTImpactRecord
        {
            ModelId = response.ModelId ?? options?.ModelId,
            Impact = response.GetTotalGreenPTImpact(),
            InputTokens = response.Usage?.InputTokenCount,
            OutputTokens = response.Usage?.OutputTokenCount,
            Duration = TrackedCall.Elapsed(started),
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
        (string? degradation, options, GreenPTReservation? reservation) = await ApplyBudgetAsync(tracker, options, cancellationToken).ConfigureAwait(false);
        long started = Stopwatch.GetTimestamp();

        UsageDetails? usage = null;
        GreenPTImpact? impacts = null;
        string? modelId = null;
        bool answered = false;
        bool completed = false;
        try
        {
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                answered = true;
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

            completed = true;
        }
        finally
        {
            // The stream failed, or its reader stopped early. Once the server had begun to answer it was billed: the call is recorded
            // with what arrived (estimated when no impact did). Before that, nothing was spent: the reservation is released.
            if (!completed && answered)
            {
                await RecordStreamAsync(tracker, reservation, modelId ?? options?.ModelId, usage, impacts, started).ConfigureAwait(false);
            }
            else if (!completed)
            {
                await ReleaseAsync(tracker, reservation).ConfigureAwait(false);
            }
        }

        await RecordStreamAsync(tracker, reservation, modelId ?? options?.ModelId, usage, impacts, started).ConfigureAwait(false);

        if (degradation is not null)
        {
            // The stream carried no final usage or impact update to put the note on.
            yield return new ChatResponseUpdate { AdditionalProperties = new() { [GreenPTPropertyNames.BudgetDegradation] = degradation } };
        }
    }

    /// <summary>
    /// Refuses the call if the budget is spent (or, with reservations, has no room for it), reserves its expected cost, or degrades a
    /// copy of the options if the budget is nearly spent.
    /// </summary>
    /// <returns>What was degraded, or <see langword="null"/>; the options to send; the reservation to settle, if one was taken.</returns>
    private static async ValueTask<(string? Degradation, ChatOptions? Options, GreenPTReservation? Reservation)> ApplyBudgetAsync(
        GreenPTImpactTracker? tracker, ChatOptions? options, CancellationToken cancellationToken)
    {
        if (tracker is { IncludeScopeInMetrics: true } && options?.AdditionalProperties?.ContainsKey(GreenPTPropertyNames.MetricsScope) != true)
        {
            // A copy, so the caller's options (perhaps shared by every request) are never changed.
            options = options?.Clone() ?? new ChatOptions();
            (options.AdditionalProperties ??= [])[GreenPTPropertyNames.MetricsScope] = tracker.Name;
        }

        if (tracker?.Budget is not { } budget)
        {
            return (null, options, null);
        }

        try
        {
            return await CheckBudgetAsync(tracker, budget, options, cancellationToken).ConfigureAwait(false);
        }
        catch (GreenPTImpactLedgerUnavailableException unavailable)
        {
            if (budget.WhenLedgerUnavailable == GreenPTLedgerUnavailableBehavior.SendAndRecordLater)
            {
                // Documented choice: sent, checked only against the last totals read (plus this tracker's records since); the ledger
                // buffers the record and adds it to the shared totals when it is back.
                if (tracker.LastKnownSpent(budget.Window, tracker.Now) is { } known &&
                    ToImpact(known.Microjoules, known.Nanograms) is var lastKnown && budget.SpentFraction(lastKnown) >= 1)
                {
                    await tracker.RecordRefusedAsync(CancellationToken.None).ConfigureAwait(false);
                    throw TrackedCall.Refusal(
                        tracker,
                        budget,
                        lastKnown,
                        $"The carbon budget of {TrackedCall.ScopeText(tracker)}{Per(budget)} is spent by the last totals read from its ledger ({Describe(lastKnown, budget)}), " +
                        "which cannot be reached now; the call was not sent.",
                        unavailable);
                }

                return (null, options, null);
            }

            // Refused: counted (a shared ledger buffers the count until it is back), and the caller learns which ledger and scope.
            await tracker.RecordRefusedAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private static async ValueTask<(string? Degradation, ChatOptions? Options, GreenPTReservation? Reservation)> CheckBudgetAsync(
        GreenPTImpactTracker tracker, GreenPTCarbonBudget budget, ChatOptions? options, CancellationToken cancellationToken)
    {
        string scope = TrackedCall.ScopeText(tracker);
        GreenPTReservation? reservation = null;
        GreenPTImpact spent;
        if (budget.ReserveBeforeSending)
        {
            reservation = await tracker.Ledger.ReserveAsync(new GreenPTReservationRequest
            {
                Scope = tracker.Scope,
                ModelId = options?.ModelId,
                Window = budget.Window,
                EnergyLimitMicrojoules = GreenPTImpactCounters.ToMicrojoules(budget.EnergyLimit),
                EmissionsLimitNanograms = GreenPTImpactCounters.ToNanograms(budget.EmissionsLimit),
                CeilingMicrojoules = GreenPTImpactCounters.ToMicrojoules(budget.CallCeiling?.Energy),
                CeilingNanograms = GreenPTImpactCounters.ToNanograms(budget.CallCeiling?.Emissions),
                Id = Guid.NewGuid().ToString("N"),
                At = tracker.Now,
                TimeToLive = budget.ReservationTimeToLive,
            }, cancellationToken).ConfigureAwait(false);
            spent = ToImpact(reservation.SpentEnergyMicrojoules, reservation.SpentEmissionsNanograms);
            tracker.RememberSpent(budget.Window, tracker.Now, reservation.SpentEnergyMicrojoules, reservation.SpentEmissionsNanograms);
            if (reservation.Refusal == GreenPTReservationRefusal.NoRoom)
            {
                await tracker.RecordRefusedAsync(cancellationToken).ConfigureAwait(false);
                GreenPTImpact reserved = ToImpact(reservation.ReservedEnergyMicrojoules, reservation.ReservedEmissionsNanograms);
                GreenPTImpact estimate = ToImpact(reservation.EnergyMicrojoules, reservation.EmissionsNanograms);
                throw TrackedCall.Refusal(
                    tracker,
                    budget,
                    spent,
                    $"The carbon budget of {scope}{Per(budget)} has no room for this call ({Describe(spent, budget)} spent, {Describe(reserved, budget, withLimit: false)} " +
                    $"reserved by calls in flight; this call is expected to cost {Describe(estimate, budget, withLimit: false)}, estimated from {Basis(reservation.Basis)}); the call was not sent.");
            }
        }
        else
        {
            DateTimeOffset at = tracker.Now;
            spent = (await tracker.GetTotalsAsync(budget.Window, cancellationToken).ConfigureAwait(false)).Impact;
            tracker.RememberSpent(budget.Window, at, GreenPTImpactCounters.ToMicrojoules(spent.Energy) ?? 0, GreenPTImpactCounters.ToNanograms(spent.Emissions) ?? 0);
        }

        double fraction = budget.SpentFraction(spent);
        if (fraction >= 1)
        {
            await tracker.RecordRefusedAsync(cancellationToken).ConfigureAwait(false);
            throw TrackedCall.Refusal(tracker, budget, spent, $"The carbon budget of {scope}{Per(budget)} is spent ({Describe(spent, budget)}); the call was not sent.");
        }

        if (budget.DegradeAt is not double threshold || fraction < threshold || (budget.DegradedModelId is null && !budget.DegradeReasoning))
        {
            return (null, options, reservation);
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
            // The portable setting, which the client maps to what the model accepts; a verbatim effort the caller set would win over it.
            degraded.AdditionalProperties?.Remove(GreenPTPropertyNames.ReasoningEffort);
            degraded.AdditionalProperties?.Remove(GreenPTPropertyNames.OpenAIReasoningEffort);
            degraded.Reasoning = new ReasoningOptions { Effort = ReasoningEffort.None, Output = degraded.Reasoning?.Output };
            changes.Add("reasoning_effort none");
        }

        await tracker.RecordDegradedAsync(cancellationToken).ConfigureAwait(false);
        return (string.Join(", ", changes) + ": " + (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + $"% of the carbon budget of {scope}{Per(budget)} is spent",
            degraded, reservation);
    }

    private static string Per(GreenPTCarbonBudget budget) => budget.Window.Kind == GreenPTBudgetWindowKind.AllTime ? string.Empty : " per " + budget.Window;

    private static string Basis(string basis) => basis switch
    {
        "ceiling" => "the budget's call ceiling",
        "model" => "the most one call of this model has cost",
        "scope" => "the most one call of this scope has cost",
        _ => "all that is left, as no call of this scope was recorded yet",
    };

    private static GreenPTImpact ToImpact(long microjoules, long nanograms) =>
        new() { Energy = new GreenPTMeasurement(microjoules / 1e3, "Wms"), Emissions = new GreenPTMeasurement(nanograms / 1e3, "ugCO2e") };

    /// <summary>
    /// Whether a failure came after GreenPT had answered with success (so the call was billed): the body or the stream was cut or could
    /// not be read, rather than refused with an error status or an error object.
    /// </summary>
    private static bool AnsweredBeforeFailing(GreenPTException exception) =>
        exception.StatusCode is { } status && (int)status is >= 200 and < 300 && exception.ReportedStatusCode is null;

    /// <summary>Records a stream: as for a coalesced response, the usage counts are the exact total and the impacts seen the fallback.</summary>
    private static ValueTask RecordStreamAsync(
        GreenPTImpactTracker? tracker, GreenPTReservation? reservation, string? modelId, UsageDetails? usage, GreenPTImpact? impacts, long started)
    {
        var summary = new ChatResponse { Usage = usage };
        if (impacts is not null)
        {
            summary.AdditionalProperties = new() { [GreenPTPropertyNames.Impact] = impacts };
        }

        return RecordAsync(tracker, reservation, new GreenPTImpactRecord
        {
            ModelId = modelId,
            Impact = summary.GetTotalGreenPTImpact(),
            InputTokens = usage?.InputTokenCount,
            OutputTokens = usage?.OutputTokenCount,
            Duration = TrackedCall.Elapsed(started),
        });
    }

    /// <summary>Records the call, settling its reservation with it when one was taken.</summary>
    private static async ValueTask RecordAsync(GreenPTImpactTracker? tracker, GreenPTReservation? reservation, GreenPTImpactRecord record)
    {
        // Not cancelled: the call was made and billed, so what it cost is recorded even if the caller has given up since.
        if (tracker is null)
        {
            return;
        }

        if (reservation is null)
        {
            await tracker.RecordAsync(record, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        (string model, GreenPTImpactCounters counters) = await tracker.CountersAsync(record, CancellationToken.None).ConfigureAwait(false);
        await tracker.Ledger.SettleAsync(reservation, model, counters, tracker.Now, CancellationToken.None).ConfigureAwait(false);
        tracker.RememberRecorded(counters);
    }

    private static ValueTask ReleaseAsync(GreenPTImpactTracker? tracker, GreenPTReservation? reservation) =>
        tracker is null || reservation is null ? default : tracker.Ledger.SettleAsync(reservation, null, null, tracker.Now, CancellationToken.None);

    private static string Describe(GreenPTImpact spent, GreenPTCarbonBudget budget, bool withLimit = true)
    {
        var parts = new List<string>(2);
        if (budget.EnergyLimit is { } energy)
        {
            parts.Add($"energy {new GreenPTImpact { Energy = spent.Energy }}" + (withLimit ? $" of {energy}" : string.Empty));
        }

        if (budget.EmissionsLimit is { } emissions)
        {
            parts.Add($"emissions {new GreenPTImpact { Emissions = spent.Emissions }}" + (withLimit ? $" of {emissions}" : string.Empty));
        }

        return string.Join(", ", parts);
    }
}
