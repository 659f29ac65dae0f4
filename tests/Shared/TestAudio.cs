using System.Buffers.Binary;
using System.Text;

namespace GreenPT.AI.TestSupport;

/// <summary>Audio the tests make themselves: a mono 16-bit PCM WAV of a tone or silence, optionally with a transcript in its ICMT comment.</summary>
internal static class TestAudio
{
    public static byte[] Wav(double seconds = 1, double frequency = 440, short amplitude = 8000, string? comment = null, int sampleRate = 16000)
    {
        int frames = (int)(seconds * sampleRate);
        var pcm = new byte[frames * 2];
        for (int i = 0; i < frames; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i * 2), (short)(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate)));
        }

        using var file = new MemoryStream();
        void Chunk(string id, byte[] data)
        {
            file.Write(Encoding.ASCII.GetBytes(id));
            file.Write(BitConverter.GetBytes(data.Length));
            file.Write(data);
            if (data.Length % 2 == 1)
            {
                file.WriteByte(0);
            }
        }

        var fmt = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), 1);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(4), sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(8), sampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), 16);
        file.Write("RIFF\0\0\0\0WAVE"u8);
        Chunk("fmt ", fmt);
        if (comment is not null)
        {
            byte[] text = [.. Encoding.UTF8.GetBytes(comment), 0];
            using var info = new MemoryStream();
            info.Write("INFOICMT"u8);
            info.Write(BitConverter.GetBytes(text.Length));
            info.Write(text);
            if (text.Length % 2 == 1)
            {
                info.WriteByte(0);
            }

            Chunk("LIST", info.ToArray());
        }

        Chunk("data", pcm);
        byte[] bytes = file.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), bytes.Length - 8);
        return bytes;
    }

    public static byte[] Silence(double seconds = 1) => Wav(seconds, amplitude: 0);
}
