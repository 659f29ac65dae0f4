using GreenPT.AI;
using GreenPT.AI.DependencyInjection;

namespace Microsoft.Extensions.AI;

/// <summary>GreenPT's middleware for MEAI's <see cref="ChatClientBuilder"/>, next to <c>UseFunctionInvocation</c> and the others.</summary>
public static class GreenPTChatClientBuilderExtensions
{
    /// <summary>
    /// Adds a <see cref="GreenPTImpactTrackingChatClient"/> that records every call into <paramref name="tracker"/> and enforces its
    /// <see cref="GreenPTImpactTracker.Budget"/>. Added after <c>UseFunctionInvocation()</c> it sits inside the loop and records each
    /// GreenPT call; added before, it records each loop as one call with the loop's total impact.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="tracker">Where to record.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static ChatClientBuilder UseGreenPTImpactTracking(this ChatClientBuilder builder, GreenPTImpactTracker tracker)
    {
        Argument.NotNull(builder, nameof(builder));
        Argument.NotNull(tracker, nameof(tracker));
        return builder.Use(inner => new GreenPTImpactTrackingChatClient(inner, tracker));
    }

    /// <summary>
    /// Adds a <see cref="GreenPTImpactTrackingChatClient"/> that records each call into the tracker <paramref name="trackerSelector"/>
    /// picks from the call's options (one client for many scopes: per user, conversation or tenant).
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="trackerSelector">Picks the tracker for a call; <see langword="null"/> leaves the call untracked.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static ChatClientBuilder UseGreenPTImpactTracking(this ChatClientBuilder builder, Func<ChatOptions?, GreenPTImpactTracker?> trackerSelector)
    {
        Argument.NotNull(builder, nameof(builder));
        Argument.NotNull(trackerSelector, nameof(trackerSelector));
        return builder.Use(inner => new GreenPTImpactTrackingChatClient(inner, trackerSelector));
    }

    /// <summary>
    /// Adds a <see cref="GreenPTImpactTrackingChatClient"/> that records and limits each call in the tracker of the scope
    /// <paramref name="scopeOf"/> reads from the call's options (a tenant or user id), taken from the <see cref="GreenPTImpactTrackers"/>
    /// registered with <c>services.AddGreenPTImpactTrackers()</c>, so every scope's totals and budget live in the registered ledger.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="scopeOf">The call's scope name; <see langword="null"/> leaves the call untracked.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="InvalidOperationException">When the pipeline is built: <see cref="GreenPTImpactTrackers"/> is not registered.</exception>
    public static ChatClientBuilder UseGreenPTImpactTracking(this ChatClientBuilder builder, Func<ChatOptions?, string?> scopeOf)
    {
        Argument.NotNull(builder, nameof(builder));
        Argument.NotNull(scopeOf, nameof(scopeOf));
        return builder.Use((inner, services) =>
        {
            GreenPTImpactTrackers trackers = services.GetService(typeof(GreenPTImpactTrackers)) as GreenPTImpactTrackers ?? throw new InvalidOperationException(
                "UseGreenPTImpactTracking(scopeOf) needs the scopes' trackers: call services.AddGreenPTImpactTrackers() (after the ledger's registration, if any).");
            return new GreenPTImpactTrackingChatClient(inner, options => scopeOf(options) is { } scope ? trackers.For(scope) : null);
        });
    }

    /// <summary>
    /// Adds a <see cref="GreenPTImpactTrackingEmbeddingGenerator{TInput, TEmbedding}"/> that records every embedding call into
    /// <paramref name="tracker"/> and refuses calls once its <see cref="GreenPTImpactTracker.Budget"/> is spent.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="tracker">Where to record.</param>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TEmbedding">The embedding type.</typeparam>
    /// <returns>The same builder, for chaining.</returns>
    public static EmbeddingGeneratorBuilder<TInput, TEmbedding> UseGreenPTImpactTracking<TInput, TEmbedding>(
        this EmbeddingGeneratorBuilder<TInput, TEmbedding> builder, GreenPTImpactTracker tracker)
        where TEmbedding : Embedding
    {
        Argument.NotNull(builder, nameof(builder));
        Argument.NotNull(tracker, nameof(tracker));
        return builder.Use(inner => new GreenPTImpactTrackingEmbeddingGenerator<TInput, TEmbedding>(inner, tracker));
    }

    /// <summary>
    /// Adds a <see cref="GreenPTImpactTrackingSpeechToTextClient"/> that records each transcription into <paramref name="tracker"/>: GreenPT
    /// reports no impact for audio, so each is recorded as estimated (see <see cref="GreenPTImpactTracker.DefaultEstimate"/>), never as zero.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="tracker">Where each call is recorded.</param>
    public static SpeechToTextClientBuilder UseGreenPTImpactTracking(this SpeechToTextClientBuilder builder, GreenPTImpactTracker tracker)
    {
        Argument.NotNull(builder, nameof(builder));
        Argument.NotNull(tracker, nameof(tracker));
        return builder.Use(inner => new GreenPTImpactTrackingSpeechToTextClient(inner, tracker));
    }
}

