using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace GreenPT.AI;

/// <summary>
/// Middleware for an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> that records each call's impact, model, tokens and duration
/// into a <see cref="GreenPTImpactTracker"/>, and refuses a call before it is sent when the tracker's
/// <see cref="GreenPTImpactTracker.Budget"/> is spent. A generator that reports no impact (not GreenPT's) is recorded as estimated.
/// </summary>
/// <remarks>
/// Embedding calls are cheap next to chat calls and are not degraded; with <see cref="GreenPTCarbonBudget.ReserveBeforeSending"/>
/// they are checked against what was spent, without a reservation. A call that fails records nothing.
/// </remarks>
/// <typeparam name="TInput">The input type, for example <see cref="string"/>.</typeparam>
/// <typeparam name="TEmbedding">The embedding type.</typeparam>
public sealed class GreenPTImpactTrackingEmbeddingGenerator<TInput, TEmbedding> : DelegatingEmbeddingGenerator<TInput, TEmbedding>
    where TEmbedding : Embedding
{
    private readonly GreenPTImpactTracker _tracker;

    /// <summary>Records every call into one tracker.</summary>
    /// <param name="innerGenerator">The generator to wrap.</param>
    /// <param name="tracker">Where to record.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public GreenPTImpactTrackingEmbeddingGenerator(IEmbeddingGenerator<TInput, TEmbedding> innerGenerator, GreenPTImpactTracker tracker)
        : base(Throw.IfNull(innerGenerator)) => _tracker = Throw.IfNull(tracker);

    /// <inheritdoc />
    /// <exception cref="GreenPTCarbonBudgetExceededException">The tracker's budget is spent; nothing was sent.</exception>
    public override async Task<GeneratedEmbeddings<TEmbedding>> GenerateAsync(
        IEnumerable<TInput> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (_tracker.Budget is { } budget)
        {
            GreenPTImpact spent = (await _tracker.GetTotalsAsync(budget.Window, cancellationToken).ConfigureAwait(false)).Impact;
            if (budget.SpentFraction(spent) >= 1)
            {
                await _tracker.RecordRefusedAsync(cancellationToken).ConfigureAwait(false);
                throw TrackedCall.Refusal(
                    _tracker, budget, spent, $"The carbon budget of {TrackedCall.ScopeText(_tracker)} is spent ({spent}); the embedding call was not sent.");
            }
        }

        if (_tracker.IncludeScopeInMetrics && options?.AdditionalProperties?.ContainsKey(GreenPTPropertyNames.MetricsScope) != true)
        {
            options = options?.Clone() ?? new EmbeddingGenerationOptions();
            (options.AdditionalProperties ??= [])[GreenPTPropertyNames.MetricsScope] = _tracker.Name;
        }

        long started = Stopwatch.GetTimestamp();
        GeneratedEmbeddings<TEmbedding> embeddings = await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);

        // Not cancelled: the call was made and billed, so what it cost is recorded even if the caller has given up since.
        await _tracker.RecordAsync(new GreenPTImpactRecord
        {
            ModelId = embeddings.FirstOrDefault()?.ModelId ?? options?.ModelId,
            Impact = embeddings.GetGreenPTImpact(),
            InputTokens = embeddings.Usage?.InputTokenCount,
            OutputTokens = embeddings.Usage?.OutputTokenCount,
            Duration = TrackedCall.Elapsed(started),
        }, CancellationToken.None).ConfigureAwait(false);
        return embeddings;
    }
}
