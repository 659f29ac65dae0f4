using System.Text;
using System.Text.RegularExpressions;
using static GreenPT.AI.Emulator.Tests.TestSupport;

namespace GreenPT.AI.Emulator.Tests;

/// <summary>
/// One emulator for a whole corruption test class: every test starts with <see cref="GreenPTEmulator.ClearFaults"/>, as a
/// user's own fault probes would. Requests whose last user text is <see cref="ToolPrompt"/> get a scripted tool call.
/// </summary>
public sealed class CorruptionFixture : IAsyncLifetime
{
    public const string ToolPrompt = "call a tool";

    private GreenPTEmulator? _emulator;
    private HttpClient? _client;

    public GreenPTEmulator Emulator => _emulator!;

    public HttpClient Client => _client!;

    public async ValueTask InitializeAsync()
    {
        _emulator = await GreenPTEmulator.StartAsync(new GreenPTEmulatorOptions
        {
            Script = request => request.GetProperty("messages")[0].GetProperty("content").GetString() == ToolPrompt
                ? new EmulatorScript { ToolCalls = [new EmulatorToolCall("lookup", """{"q":1}""", Id: "abcDEF123")] }
                : null,
        });
        _client = Client(_emulator);
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    /// <summary>Sends a request with the fault in the header (<paramref name="queued"/> false) or queued, and returns status and raw bytes.</summary>
    public async Task<(int Status, byte[] Bytes)> RawAsync(string path, string body, string? fault, bool queued = false)
    {
        Emulator.ClearFaults();
        if (queued && fault is not null)
        {
            Emulator.EnqueueFault(EmulatorFault.Parse(fault));
        }

        using var response = await Client.SendAsync(Post(path, body, queued ? null : fault), Ct).WaitAsync(Bound, Ct);
        byte[] bytes = await response.Content.ReadAsByteArrayAsync(Ct).WaitAsync(Bound, Ct);
        Assert.Empty(Emulator.QueuedFaults);
        return ((int)response.StatusCode, bytes);
    }
}

/// <summary>Byte-exact comparisons of corrupted bodies and streams with their clean counterparts.</summary>
internal static partial class Corrupted
{
    /// <summary>The invalid UTF-8 bytes 0xC3 0x28, as Latin-1 text.</summary>
    public const string BadUtf8 = "\u00C3(";

    /// <summary>The JSON escape of a lone high surrogate.</summary>
    public const string LoneHalf = @"\ud83d";

    /// <summary>Latin-1 maps every byte to one char and back, so comparing these strings compares the bytes (invalid UTF-8 included).</summary>
    public static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>Masks what differs between two identical requests: the completion id and a created time in seconds.</summary>
    public static string Masked(string text) => CreatedSeconds().Replace(CompletionId().Replace(text, "cmpl-ID"), "\"created\":T");

    /// <summary>
    /// The documented result of a corruption: every match of <paramref name="pattern"/> replaced in a body; in a stream,
    /// every match in the first event that has one, and no other event touched.
    /// </summary>
    public static string Expected(string clean, string pattern, string replacement, bool streaming)
    {
        var regex = new Regex(pattern);
        if (!streaming)
        {
            Assert.Matches(regex, clean);
            return regex.Replace(clean, replacement);
        }

        var events = clean.Split("\n\n");
        int first = Array.FindIndex(events, e => regex.IsMatch(e));
        Assert.True(first >= 0, $"no event matches {pattern}");
        events[first] = regex.Replace(events[first], replacement);
        return string.Join("\n\n", events);
    }

    [GeneratedRegex("cmpl-[0-9a-f]{24}")]
    private static partial Regex CompletionId();

    [GeneratedRegex("\"created\":[0-9]{10}(?=[,}])")]
    private static partial Regex CreatedSeconds();
}
