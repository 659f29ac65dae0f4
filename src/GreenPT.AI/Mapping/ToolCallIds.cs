namespace GreenPT.AI.Mapping;

/// <summary>
/// Tool-call ids in the form every GreenPT backend accepts: exactly 9 ASCII letters or digits (Mistral-backed models refuse any
/// other id with a 400). Pure functions.
/// </summary>
internal static class ToolCallIds
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>
    /// An id as it goes on the wire: one already in the 9-alphanumeric form, as GreenPT's models return them, is sent unchanged;
    /// any other (<c>call_…</c> from other providers) is mapped to 9 such characters by a fixed hash, so the same id always gives the
    /// same result and a call still matches its result.
    /// </summary>
    public static string ToWire(string id)
    {
        if (IsWireForm(id))
        {
            return id;
        }

        ulong hash = 14695981039346656037UL; // FNV-1a, 64 bits
        foreach (char c in id)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        char[] result = new char[9];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Alphabet[(int)(hash % 62)];
            hash /= 62;
        }

        return new string(result);
    }

    /// <summary>
    /// An id for a tool call the server sent without one, so that its result can be matched to it: unique within the response,
    /// the same every time for the same response and position, and in the wire form.
    /// </summary>
    public static string ForMissing(string? responseId, int position) =>
        ToWire(FormattableString.Invariant($"{responseId}#tool-call-{position}"));

    private static bool IsWireForm(string id)
    {
        if (id.Length != 9)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsAsciiLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
}
