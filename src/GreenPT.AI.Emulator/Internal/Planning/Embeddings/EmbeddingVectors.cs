using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GreenPT.AI.Emulator.Internal.Planning.Embeddings;

/// <summary>
/// Deterministic vectors: SplitMix64 seeded with the first 8 bytes of SHA-256(UTF-8 text), values uniform in [-1, 1),
/// L2-normalised. The same text always gives the same vector; before normalisation a shorter vector is a prefix of a longer one.
/// </summary>
internal static class EmbeddingVectors
{
    public static void Fill(string text, Span<float> vector)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        ulong state = BinaryPrimitives.ReadUInt64LittleEndian(hash);
        double sum = 0;
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)((NextSplitMix64(ref state) >> 11) * (1.0 / (1UL << 53)) * 2.0 - 1.0);
            sum += (double)vector[i] * vector[i];
        }

        double scale = sum > 0 ? 1.0 / Math.Sqrt(sum) : 0;
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(vector[i] * scale);
        }
    }

    private static ulong NextSplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
