using System.Security.Cryptography;
using System.Text;

namespace GreenPT.AI.Emulator.Internal.Planning;

internal static class TextTokens
{
    /// <summary>
    /// Splits text into word tokens that keep their spaces: each token is the whitespace before a word plus the word;
    /// trailing whitespace joins the last token. Concatenating the tokens reproduces the text exactly.
    /// </summary>
    public static List<string> Split(string text)
    {
        var tokens = new List<string>();
        if (text.Length == 0)
        {
            return tokens;
        }

        int start = 0;
        int i = 0;
        bool seenWord = false;
        while (i < text.Length)
        {
            // Skip whitespace, then the word.
            int wsStart = i;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i == text.Length)
            {
                break; // trailing whitespace: joins the last token below
            }

            if (seenWord && wsStart > start)
            {
                // A token ended at wsStart.
                tokens.Add(text[start..wsStart]);
                start = wsStart;
            }

            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            seenWord = true;
        }

        tokens.Add(text[start..]);
        return tokens;
    }

    /// <summary>Counts whitespace-separated words.</summary>
    public static int CountWords(string text)
    {
        int count = 0;
        bool inWord = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                inWord = false;
            }
            else if (!inWord)
            {
                inWord = true;
                count++;
            }
        }

        return count;
    }

    /// <summary>Splits a string into pieces of about <paramref name="size"/> chars without breaking surrogate pairs.</summary>
    public static List<string> Chunk(string text, int size)
    {
        var pieces = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            int len = Math.Min(size, text.Length - i);
            if (i + len < text.Length && char.IsHighSurrogate(text[i + len - 1]))
            {
                len++;
            }

            pieces.Add(text.Substring(i, len));
            i += len;
        }

        return pieces;
    }

    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A deterministic 9-character alphanumeric id derived from <paramref name="seed"/>.</summary>
    public static string ToolCallId(string seed)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(seed), hash);
        Span<char> id = stackalloc char[9];
        for (int i = 0; i < id.Length; i++)
        {
            id[i] = Alphanumerics[hash[i] % Alphanumerics.Length];
        }

        return new string(id);
    }
}
