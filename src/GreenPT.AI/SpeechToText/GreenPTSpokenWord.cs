namespace GreenPT.AI;

/// <summary>One word of a transcript, with its timing, confidence and, when diarization was asked for, its speaker.</summary>
public sealed class GreenPTSpokenWord
{
    /// <summary>The word as spoken (<c>punctuated_word</c> when GreenPT sent it, else <c>word</c>).</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>Where the word starts in the audio.</summary>
    public TimeSpan? Start { get; init; }

    /// <summary>Where the word ends in the audio.</summary>
    public TimeSpan? End { get; init; }

    /// <summary>GreenPT's confidence in the word, 0 to 1.</summary>
    public double? Confidence { get; init; }

    /// <summary>The speaker, from 0, when diarization was asked for.</summary>
    public int? Speaker { get; init; }

    /// <summary>The word.</summary>
    public override string ToString() => Text;
}
