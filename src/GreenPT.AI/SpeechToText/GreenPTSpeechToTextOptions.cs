using Microsoft.Extensions.AI;

namespace GreenPT.AI;

/// <summary>
/// <see cref="SpeechToTextOptions"/> with the Deepgram-compatible options of GreenPT's <c>/v1/listen</c>, each sent as its query
/// parameter when set (nothing is sent for <see langword="null"/>, leaving GreenPT's default).
/// </summary>
/// <remarks>
/// From the base options, <see cref="SpeechToTextOptions.ModelId"/> is sent as <c>model</c> (<c>green-s</c> or <c>green-s-pro</c>),
/// <see cref="SpeechToTextOptions.SpeechLanguage"/> as <c>language</c> and <see cref="SpeechToTextOptions.SpeechSampleRate"/> as
/// <c>sample_rate</c>; entries of <see cref="SpeechToTextOptions.AdditionalProperties"/> whose values are strings, booleans or numbers
/// are sent verbatim as further query parameters (for example <c>["utterances"] = true</c>). GreenPT transcribes and does not translate:
/// a <see cref="SpeechToTextOptions.TextLanguage"/> other than the speech language is refused.
/// </remarks>
public sealed class GreenPTSpeechToTextOptions : SpeechToTextOptions
{
    /// <summary>Creates empty options.</summary>
    public GreenPTSpeechToTextOptions()
    {
    }

    private GreenPTSpeechToTextOptions(GreenPTSpeechToTextOptions other)
        : base(other)
    {
        Diarize = other.Diarize;
        Punctuate = other.Punctuate;
        SmartFormat = other.SmartFormat;
        Encoding = other.Encoding;
        Channels = other.Channels;
    }

    /// <summary>Whether to tell speakers apart (<c>diarize</c>); each word then carries its speaker (see <see cref="GreenPTSpeechToTextExtensions.GetGreenPTWords"/>).</summary>
    public bool? Diarize { get; set; }

    /// <summary>Whether to add punctuation and capitals (<c>punctuate</c>).</summary>
    public bool? Punctuate { get; set; }

    /// <summary>Whether to format numbers, dates and the like for reading (<c>smart_format</c>).</summary>
    public bool? SmartFormat { get; set; }

    /// <summary>
    /// The encoding of raw audio without a container (<c>encoding</c>, for example <c>linear16</c>); set it, with
    /// <see cref="SpeechToTextOptions.SpeechSampleRate"/>, for headerless audio, which the client otherwise refuses as unrecognised.
    /// </summary>
    public string? Encoding { get; set; }

    /// <summary>The number of channels of raw audio (<c>channels</c>).</summary>
    public int? Channels { get; set; }

    /// <inheritdoc />
    public override SpeechToTextOptions Clone() => new GreenPTSpeechToTextOptions(this);
}
