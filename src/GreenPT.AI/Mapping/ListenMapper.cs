using System.Globalization;
using System.Text;
using System.Text.Json;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Mapping;

/// <summary>Speech to text: the audio format, the query string of <c>/v1/listen</c>, and the Deepgram-shaped answers. Pure functions.</summary>
internal static class ListenMapper
{
    /// <summary>The media type of headerless audio sent with an explicit <c>encoding</c>.</summary>
    public const string RawAudio = "application/octet-stream";

    /// <summary>
    /// The media type of a recognised container from its first bytes: WAV, MP3, FLAC, Ogg, WebM/Matroska, MP4/M4A, AMR; or
    /// <see langword="null"/>. GreenPT's docs list no formats; these are containers Deepgram-compatible servers take.
    /// </summary>
    public static string? DetectFormat(ReadOnlySpan<byte> head)
    {
        static bool At(ReadOnlySpan<byte> data, int offset, string ascii)
        {
            if (data.Length < offset + ascii.Length)
            {
                return false;
            }

            for (int i = 0; i < ascii.Length; i++)
            {
                if (data[offset + i] != ascii[i])
                {
                    return false;
                }
            }

            return true;
        }

        return At(head, 0, "RIFF") && At(head, 8, "WAVE") ? "audio/wav"
            : At(head, 0, "ID3") || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0) ? "audio/mpeg"
            : At(head, 0, "fLaC") ? "audio/flac"
            : At(head, 0, "OggS") ? "audio/ogg"
            : head.Length >= 4 && head[0] == 0x1A && head[1] == 0x45 && head[2] == 0xDF && head[3] == 0xA3 ? "audio/webm"
            : At(head, 4, "ftyp") ? "audio/mp4"
            : At(head, 0, "#!AMR") ? "audio/amr"
            : null;
    }

    /// <summary>Refuses options no request could succeed with, before anything is read or sent.</summary>
    /// <exception cref="ArgumentException">A blank model, language or encoding; a translation; a value of another type in <see cref="SpeechToTextOptions.AdditionalProperties"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A sample rate or channel count below 1.</exception>
    public static void Validate(SpeechToTextOptions? options)
    {
        if (options is null)
        {
            return;
        }

        if (options.ModelId is { } model && string.IsNullOrWhiteSpace(model))
        {
            throw new ArgumentException("SpeechToTextOptions.ModelId must not be empty or white space; leave it null to use GreenPTClientOptions.DefaultSpeechToTextModelId.", nameof(options));
        }

        if (options.SpeechLanguage is { } language && string.IsNullOrWhiteSpace(language))
        {
            throw new ArgumentException("SpeechToTextOptions.SpeechLanguage must not be empty or white space; leave it null for GreenPT's default.", nameof(options));
        }

        if (options.TextLanguage is { } text && !string.Equals(text, options.SpeechLanguage, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"SpeechToTextOptions.TextLanguage ('{text}') asks for a translation; GreenPT's /v1/listen transcribes in the speech language. Leave TextLanguage null.", nameof(options));
        }

        if (options.SpeechSampleRate is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SpeechSampleRate, $"SpeechToTextOptions.SpeechSampleRate must be at least 1; it was {options.SpeechSampleRate}.");
        }

        if (options is GreenPTSpeechToTextOptions greenpt)
        {
            if (greenpt.Encoding is { } encoding && string.IsNullOrWhiteSpace(encoding))
            {
                throw new ArgumentException("GreenPTSpeechToTextOptions.Encoding must not be empty or white space; leave it null for audio in a container.", nameof(options));
            }

            if (greenpt.Channels is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(options), greenpt.Channels, $"GreenPTSpeechToTextOptions.Channels must be at least 1; it was {greenpt.Channels}.");
            }
        }

        foreach (KeyValuePair<string, object?> entry in options.AdditionalProperties ?? [])
        {
            if (QueryValue(entry.Value) is null)
            {
                throw new ArgumentException(
                    $"SpeechToTextOptions.AdditionalProperties['{entry.Key}'] must be a string, a boolean or a number to be sent as a query parameter.", nameof(options));
            }
        }
    }

    /// <summary>The raw encoding asked for, if any (headerless audio).</summary>
    public static string? Encoding(SpeechToTextOptions? options) => (options as GreenPTSpeechToTextOptions)?.Encoding;

    /// <summary>
    /// The query string (without <c>?</c>): <c>model</c> first, then <c>language</c>, <c>sample_rate</c>, the typed GreenPT options,
    /// then <paramref name="extra"/>, then <see cref="SpeechToTextOptions.AdditionalProperties"/> (which may replace any of them).
    /// </summary>
    public static string ToQuery(SpeechToTextOptions? options, string model, params (string Name, string Value)[] extra)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("model", options?.ModelId ?? model) };
        void Set(string name, string? value)
        {
            if (value is null)
            {
                return;
            }

            int existing = parameters.FindIndex(p => p.Key == name);
            if (existing >= 0)
            {
                parameters[existing] = new(name, value);
            }
            else
            {
                parameters.Add(new(name, value));
            }
        }

        Set("language", options?.SpeechLanguage);
        Set("sample_rate", options?.SpeechSampleRate?.ToString(CultureInfo.InvariantCulture));
        if (options is GreenPTSpeechToTextOptions greenpt)
        {
            Set("diarize", Bool(greenpt.Diarize));
            Set("punctuate", Bool(greenpt.Punctuate));
            Set("smart_format", Bool(greenpt.SmartFormat));
            Set("encoding", greenpt.Encoding);
            Set("channels", greenpt.Channels?.ToString(CultureInfo.InvariantCulture));
        }

        foreach ((string name, string value) in extra)
        {
            Set(name, value);
        }

        foreach (KeyValuePair<string, object?> entry in options?.AdditionalProperties ?? [])
        {
            Set(entry.Key, QueryValue(entry.Value));
        }

        var query = new StringBuilder();
        foreach (KeyValuePair<string, string> p in parameters)
        {
            query.Append(query.Length == 0 ? string.Empty : "&").Append(Uri.EscapeDataString(p.Key)).Append('=').Append(Uri.EscapeDataString(p.Value));
        }

        return query.ToString();
    }

    /// <summary>
    /// The response: the transcript of each channel's first alternative (channels joined by a line break), the audio's span, the request
    /// id. No usage and no impact: GreenPT reports none for speech to text.
    /// </summary>
    /// <exception cref="GreenPTException">The answer has no transcript.</exception>
    public static SpeechToTextResponse FromResponse(ListenResponse response, string model)
    {
        List<ListenChannel> channels = response.Results?.Channels ?? throw new GreenPTException("GreenPT returned a speech-to-text answer without results.channels.");
        var transcripts = new List<string>();
        foreach (ListenChannel channel in channels)
        {
            if (channel.Alternatives is { Count: > 0 } alternatives && alternatives[0].Transcript is { } transcript)
            {
                transcripts.Add(transcript);
            }
        }

        if (transcripts.Count == 0 && channels.Count > 0)
        {
            throw new GreenPTException("GreenPT returned a speech-to-text answer without a transcript in results.channels[0].alternatives[0].");
        }

        return new SpeechToTextResponse(string.Join("\n", transcripts))
        {
            ResponseId = string.IsNullOrWhiteSpace(response.Metadata?.RequestId) ? null : response.Metadata!.RequestId,
            ModelId = model,
            StartTime = TimeSpan.Zero,
            EndTime = Seconds(response.Metadata?.Duration),
            RawRepresentation = response,
        };
    }

    /// <summary>
    /// One live message as an update: <c>Results</c> with text as <see cref="SpeechToTextResponseUpdateKind.TextUpdating"/> (interim) or
    /// <see cref="SpeechToTextResponseUpdateKind.TextUpdated"/> (<c>is_final</c>); <c>Metadata</c> keeps its request id for the closing
    /// update; <c>Error</c> fails; anything else (empty results, other message types) gives no update.
    /// </summary>
    /// <exception cref="GreenPTException">The server reported an error.</exception>
    public static SpeechToTextResponseUpdate? FromLiveMessage(LiveListenMessage message, string model, ref string? requestId)
    {
        switch (message.Type)
        {
            case "Results":
                string? text = message.Channel?.Alternatives is { Count: > 0 } alternatives ? alternatives[0].Transcript : null;
                if (string.IsNullOrEmpty(text))
                {
                    return null;
                }

                TimeSpan? start = Seconds(message.Start);
                return new SpeechToTextResponseUpdate(text)
                {
                    Kind = message.IsFinal == true ? SpeechToTextResponseUpdateKind.TextUpdated : SpeechToTextResponseUpdateKind.TextUpdating,
                    StartTime = start,
                    EndTime = start + Seconds(message.Duration),
                    ModelId = model,
                    ResponseId = requestId,
                    RawRepresentation = message,
                };
            case "Metadata":
                requestId = string.IsNullOrWhiteSpace(message.RequestId) ? requestId : message.RequestId;
                return null;
            case "Error":
                throw new GreenPTException($"GreenPT reported an error on the live transcription: {message.Description ?? message.Message ?? "(no description)"}");
            default:
                return null;
        }
    }

    /// <summary>The words of the first channel's first alternative.</summary>
    public static List<GreenPTSpokenWord> Words(List<ListenAlternative>? alternatives) =>
        [.. (alternatives is { Count: > 0 } ? alternatives[0].Words ?? [] : [])
            .Where(w => !string.IsNullOrEmpty(w.PunctuatedWord ?? w.Word))
            .Select(w => new GreenPTSpokenWord
            {
                Text = w.PunctuatedWord ?? w.Word!,
                Start = Seconds(w.Start),
                End = Seconds(w.End),
                Confidence = w.Confidence,
                Speaker = w.Speaker,
            })];

    public static TimeSpan? Seconds(double? seconds) =>
        seconds is double s && s >= 0 && s < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromTicks((long)Math.Round(s * TimeSpan.TicksPerSecond)) : null;

    private static string? Bool(bool? value) => value is bool b ? (b ? "true" : "false") : null;

    private static string? QueryValue(object? value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        int or long or short or byte or uint or ulong or ushort or sbyte => Convert.ToString(value, CultureInfo.InvariantCulture),
        double or float or decimal => Convert.ToString(value, CultureInfo.InvariantCulture),
        JsonElement { ValueKind: JsonValueKind.String } json => json.GetString(),
        JsonElement { ValueKind: JsonValueKind.True } => "true",
        JsonElement { ValueKind: JsonValueKind.False } => "false",
        JsonElement { ValueKind: JsonValueKind.Number } json => json.GetRawText(),
        _ => null,
    };
}
