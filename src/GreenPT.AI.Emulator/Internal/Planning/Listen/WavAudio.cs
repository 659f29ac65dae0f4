using System.Buffers.Binary;
using System.Text;

namespace GreenPT.AI.Emulator.Internal.Planning.Listen;

/// <summary>
/// What the emulator "hears" in audio: 8- or 16-bit PCM (a WAV file, or raw <c>linear16</c>), its length, its loudest sample, its
/// pitch by zero crossings, and a transcript carried in the WAV itself (a <c>LIST</c>/<c>INFO</c> chunk's <c>ICMT</c> comment).
/// </summary>
internal sealed record WavAudio(int SampleRate, int Channels, double DurationSeconds, int Peak, double FrequencyHz, string? Comment)
{
    /// <summary>Below this peak (of 32,767) the audio counts as silence.</summary>
    public const int SilencePeak = 100;

    /// <summary>Reads a RIFF/WAVE file; <see langword="null"/> with <paramref name="problem"/> when it is not one the emulator reads.</summary>
    public static WavAudio? FromWav(ReadOnlySpan<byte> file, out string? problem)
    {
        problem = null;
        if (file.Length < 12 || !Ascii(file[..4], "RIFF") || !Ascii(file.Slice(8, 4), "WAVE"))
        {
            problem = "The emulator transcribes WAV (RIFF/WAVE, 8- or 16-bit PCM) or raw linear16 audio.";
            return null;
        }

        int channels = 0, rate = 0, bits = 0, format = 0;
        ReadOnlySpan<byte> data = default;
        string? comment = null;
        for (int at = 12; at + 8 <= file.Length;)
        {
            ReadOnlySpan<byte> id = file.Slice(at, 4);
            int size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(at + 4, 4)), (uint)(file.Length - at - 8));
            ReadOnlySpan<byte> chunk = file.Slice(at + 8, size);
            if (Ascii(id, "fmt ") && size >= 16)
            {
                format = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(chunk[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
            }
            else if (Ascii(id, "data"))
            {
                data = chunk;
            }
            else if (Ascii(id, "LIST") && size >= 4 && Ascii(chunk[..4], "INFO"))
            {
                comment = ReadComment(chunk[4..]) ?? comment;
            }

            at += 8 + size + (size & 1);
        }

        if (format != 1 || bits is not (8 or 16) || channels < 1 || rate < 1)
        {
            problem = "The emulator transcribes WAV with 8- or 16-bit PCM samples (format 1).";
            return null;
        }

        return FromPcm(data, rate, channels, bits, comment);
    }

    /// <summary>Reads PCM samples; the first channel decides the peak and the pitch.</summary>
    public static WavAudio FromPcm(ReadOnlySpan<byte> data, int rate, int channels, int bits, string? comment)
    {
        int bytesPerSample = bits / 8;
        int frames = data.Length / (bytesPerSample * channels);
        int peak = 0, crossings = 0, previous = 0;
        for (int i = 0; i < frames; i++)
        {
            int offset = i * bytesPerSample * channels;
            int sample = bits == 16 ? BinaryPrimitives.ReadInt16LittleEndian(data[offset..]) : (data[offset] - 128) * 256;
            peak = Math.Max(peak, Math.Abs(sample));
            if (i > 0 && (sample >= 0) != (previous >= 0))
            {
                crossings++;
            }

            previous = sample;
        }

        double duration = (double)frames / rate;
        double frequency = duration > 0 ? crossings / 2.0 / duration : 0;
        return new WavAudio(rate, channels, duration, Math.Min(peak, 32767), frequency, comment);
    }

    private static string? ReadComment(ReadOnlySpan<byte> info)
    {
        for (int at = 0; at + 8 <= info.Length;)
        {
            int size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(info.Slice(at + 4, 4)), (uint)(info.Length - at - 8));
            if (Ascii(info.Slice(at, 4), "ICMT"))
            {
                return Encoding.UTF8.GetString(info.Slice(at + 8, size)).TrimEnd('\0');
            }

            at += 8 + size + (size & 1);
        }

        return null;
    }

    private static bool Ascii(ReadOnlySpan<byte> bytes, string text) => bytes.SequenceEqual(Encoding.ASCII.GetBytes(text));
}
