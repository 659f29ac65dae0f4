using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;

namespace GreenPT.AI;

/// <summary>Readers of what GreenPT's speech-to-text answers carry beyond MEAI's types.</summary>
public static class GreenPTSpeechToTextExtensions
{
    /// <summary>
    /// The words of the transcript (first channel), with timing, confidence and speaker (when <see cref="GreenPTSpeechToTextOptions.Diarize"/>
    /// was set); empty when the response did not come from <see cref="GreenPTSpeechToTextClient"/> (for example, from a cache).
    /// </summary>
    /// <param name="response">The response.</param>
    /// <returns>The words, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<GreenPTSpokenWord> GetGreenPTWords(this SpeechToTextResponse response) =>
        Throw.IfNull(response).RawRepresentation is ListenResponse listen
            ? ListenMapper.Words(listen.Results?.Channels is { Count: > 0 } channels ? channels[0].Alternatives : null)
            : [];
}
