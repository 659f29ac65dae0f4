using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GreenPT.AI.Emulator.Internal.Planning.Listen;

/// <summary>The options of one transcription, from the query string.</summary>
internal sealed record ListenOptions(string Model, string? Language, bool Punctuate, bool SmartFormat, bool Diarize);

/// <summary>
/// The emulator's documented transcription rule, first match wins: the WAV's <c>ICMT</c> comment (a scripted transcript the test
/// writes into its own audio); silence (peak below <see cref="WavAudio.SilencePeak"/>) gives an empty transcript; any other sound
/// gives "A tone of about N hertz." (N the zero-crossing pitch rounded to 10). Without <c>punctuate</c> or <c>smart_format</c> the
/// text is lower-cased and loses its punctuation, as Deepgram's raw output does.
/// </summary>
internal static class Transcription
{
    public static string Transcript(WavAudio audio, ListenOptions options)
    {
        string text = audio.Comment
            ?? (audio.Peak < WavAudio.SilencePeak ? string.Empty
                : $"A tone of about {(Math.Round(audio.FrequencyHz / 10) * 10).ToString("0", CultureInfo.InvariantCulture)} hertz.");
        return options.Punctuate || options.SmartFormat ? text : Plain(text);
    }

    /// <summary>Lower-cased, without punctuation (letters, digits, apostrophes and single spaces kept).</summary>
    public static string Plain(string text)
    {
        var plain = new StringBuilder(text.Length);
        foreach (char c in text.ToLower(CultureInfo.InvariantCulture))
        {
            if (char.IsLetterOrDigit(c) || c == '\'')
            {
                plain.Append(c);
            }
            else if (char.IsWhiteSpace(c) && plain.Length > 0 && plain[^1] != ' ')
            {
                plain.Append(' ');
            }
        }

        return plain.ToString().TrimEnd();
    }

    /// <summary>
    /// Deepgram's pre-recorded answer: <c>metadata</c> (<c>request_id</c>, <c>duration</c>, <c>channels</c>, <c>models</c>) and
    /// <c>results.channels[0].alternatives[0]</c> with the transcript, a confidence and the words spread evenly over the audio.
    /// </summary>
    public static byte[] Body(WavAudio audio, ListenOptions options, string requestId)
    {
        string transcript = Transcript(audio, options);
        string[] words = transcript.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var buffer = new ArrayBufferWriter<byte>(512 + (words.Length * 128));
        using (var w = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartObject("metadata");
            w.WriteString("request_id", requestId);
            w.WriteNumber("duration", Math.Round(audio.DurationSeconds, 3));
            w.WriteNumber("channels", audio.Channels);
            w.WriteStartArray("models");
            w.WriteStringValue(options.Model);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("results");
            w.WriteStartArray("channels");
            w.WriteStartObject();
            w.WriteStartArray("alternatives");
            w.WriteStartObject();
            w.WriteString("transcript", transcript);
            w.WriteNumber("confidence", words.Length == 0 ? 0 : 0.99);
            WriteWords(w, words, audio.DurationSeconds, options);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Each word gets an equal share of the audio: word i of n spans [i·d/n, (i+1)·d/n], to the millisecond.</summary>
    public static void WriteWords(Utf8JsonWriter w, string[] words, double duration, ListenOptions options, double offset = 0)
    {
        w.WriteStartArray("words");
        for (int i = 0; i < words.Length; i++)
        {
            w.WriteStartObject();
            w.WriteString("word", Plain(words[i]));
            w.WriteNumber("start", Math.Round(offset + (duration * i / words.Length), 3));
            w.WriteNumber("end", Math.Round(offset + (duration * (i + 1) / words.Length), 3));
            w.WriteNumber("confidence", 0.99);
            if (options.Diarize)
            {
                w.WriteNumber("speaker", 0);
            }

            if (options.Punctuate || options.SmartFormat)
            {
                w.WriteString("punctuated_word", words[i]);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
