using System.Security.Cryptography;

namespace GreenPT.AI.Emulator.Internal;

/// <summary>Random ids: request ids (<c>req_</c> + 16 hex digits) and completion ids (<c>cmpl-</c> + 24 hex digits).</summary>
internal static class Ids
{
    public static string NewRequestId() => "req_" + NewHex(16);

    public static string NewCompletionId() => "cmpl-" + NewHex(24);

    private static string NewHex(int length)
    {
        Span<byte> bytes = stackalloc byte[(length + 1) / 2];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexStringLower(bytes)[..length];
    }
}
