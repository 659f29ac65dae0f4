using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace GreenPT.AI;

/// <summary>
/// Middleware for an <see cref="ISpeechToTextClient"/> (MEAI's experimental speech-to-text abstraction, diagnostic <c>MEAI001</c>) that
/// records every transcription into a <see cref="GreenPTImpactTracker"/>. GreenPT reports no impact for audio, so each call is recorded
/// as a call without a measured impact: the tracker gives it an estimate (see <see cref="GreenPTImpactTracker.DefaultEstimate"/>), kept
/// apart from measured figures in its totals and reports, never counted as zero.
/// </summary>
public sealed class GreenPTImpactTrackingSpeechToTextClient : DelegatingSpeechToTextClient
{
    private readonly GreenPTImpactTracker _tracker;

    /// <summary>Records every call into one tracker.</summary>
    /// <param name="innerClient">The client that transcribes.</param>
    /// <param name="tracker">Where each call is recorded.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public GreenPTImpactTrackingSpeechToTextClient(ISpeechToTextClient innerClient, GreenPTImpactTracker tracker)
        : base(Throw.IfNull(innerClient)) => _tracker = Throw.IfNull(tracker);

    /// <inheritdoc />
    public override async Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        SpeechToTextResponse response = await base.GetTextAsync(audioSpeechStream, options, cancellationToken).ConfigureAwait(false);
        await RecordAsync(response.ModelId ?? options?.ModelId, started, cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(
        Stream audioSpeechStream, SpeechToTextOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        string? model = options?.ModelId;
        await foreach (SpeechToTextResponseUpdate update in base.GetStreamingTextAsync(audioSpeechStream, options, cancellationToken).ConfigureAwait(false))
        {
            model = update.ModelId ?? model;
            yield return update;
        }

        await RecordAsync(model, started, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask RecordAsync(string? model, long started, CancellationToken cancellationToken) =>
        _tracker.RecordAsync(
            new GreenPTImpactRecord
            {
                ModelId = model,
                Impact = null, // GreenPT reports none for audio: the tracker estimates it
                Duration = TrackedCall.Elapsed(started),
            },
            cancellationToken);
}
