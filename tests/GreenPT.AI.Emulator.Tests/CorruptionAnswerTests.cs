using System.Text.Unicode;
using static GreenPT.AI.Emulator.Tests.Corrupted;
using static GreenPT.AI.Emulator.Tests.TestSupport;

namespace GreenPT.AI.Emulator.Tests;

/// <summary>
/// Answer corruptions, byte for byte: each corrupted body or stream equals the clean one for the same request with exactly
/// the documented change, whether the fault came from the header or from the queue.
/// </summary>
public sealed class CorruptionAnswerTests(CorruptionFixture fixture) : IClassFixture<CorruptionFixture>
{
    private const string Chats = "chat/completions";
    private const string Embeddings = "embeddings";

    private static string Echo(bool stream) => Chat("green-l", "hi", b => b["stream"] = stream);

    private static string Thinking(bool stream) => Chat("gemma4", "hi", b => b["stream"] = stream);

    private static string ToolCall(bool stream) => Chat("green-l", CorruptionFixture.ToolPrompt, b => b["stream"] = stream);

    private const string Embedding = """{"model":"green-embedding","input":"hi","dimensions":32}""";

    /// <summary>Fault, request (name), pattern on the clean text, replacement; the same row runs streaming and not, header and queued.</summary>
    public static TheoryData<string, string, string, string> ChatCases() => new()
    {
        { "corrupt=utf8-content", "text", "\"content\":\"(?=You)", "\"content\":\"" + BadUtf8 },
        { "corrupt=surrogate-content", "text", "\"content\":\"(?=You)", "\"content\":\"" + LoneHalf },
        { "corrupt=utf8-name", "text", "\"object\":", "\"" + BadUtf8 + "object\":" },
        { "corrupt=utf8-arguments", "tool", "\"arguments\":\"", "\"arguments\":\"" + BadUtf8 },
        { "corrupt=created-ms", "text", "\"created\":T", "\"created\":253402300800000" },
        { "corrupt=tokens-exponent", "text", "\"(prompt|completion|total)_tokens\":[0-9]+", "\"$1_tokens\":1e30" },
        { "corrupt=tokens-exponent", "thinking", "\"(prompt|completion|total|reasoning)_tokens\":[0-9]+", "\"$1_tokens\":1e30" },
        { "corrupt=tokens-overflow", "text", "\"(prompt|completion|total)_tokens\":[0-9]+", "\"$1_tokens\":99999999999999999999" },
        { "corrupt=energy-overflow", "text", "\"energy\":\\{\"total\":[0-9.]+", "\"energy\":{\"total\":1e400" },
        { "corrupt=energy-nan", "text", "\"energy\":\\{\"total\":[0-9.]+", "\"energy\":{\"total\":\"NaN\"" },
        { "corrupt=finish-reason-empty", "text", "\"finish_reason\":\"stop\"", "\"finish_reason\":\"\"" },
        { "corrupt=finish-reason-empty", "tool", "\"finish_reason\":\"tool_calls\"", "\"finish_reason\":\"\"" },
        { "corrupt=role-blank", "text", "\"role\":\"assistant\"", "\"role\":\" \"" },
        { "corrupt=id-empty", "text", "\"id\":\"cmpl-ID\"", "\"id\":\"\"" },
        { "corrupt=choices-null", "text", "\"choices\":\\[.*\\]", "\"choices\":[null]" },
        { "corrupt=choices-object", "text", "\"choices\":\\[.*\\]", "\"choices\":{}" },
        { "corrupt=tool-calls-null", "tool", "\"tool_calls\":\\[.*?\\}\\]", "\"tool_calls\":[null]" },
        { "corrupt=usage-array", "text", "\"usage\":\\{.*?\\}(?=,\"impact\")", "\"usage\":[]" },
        { "corrupt=impact-string", "text", "\"impact\":\\{.*?\"version\":\"emulator-20250922\"\\}", "\"impact\":\"x\"" },
    };

    public static TheoryData<string, string, string> EmbeddingCases() => new()
    {
        { "corrupt=utf8-name", "^\\{\"object\":", "{\"" + BadUtf8 + "object\":" },
        { "corrupt=tokens-exponent", "\"(prompt|total)_tokens\":[0-9]+", "\"$1_tokens\":1e30" },
        { "corrupt=tokens-overflow", "\"(prompt|total)_tokens\":[0-9]+", "\"$1_tokens\":99999999999999999999" },
        { "corrupt=energy-overflow", "\"energy\":\\{\"total\":[0-9.]+", "\"energy\":{\"total\":1e400" },
        { "corrupt=energy-nan", "\"energy\":\\{\"total\":[0-9.]+", "\"energy\":{\"total\":\"NaN\"" },
        { "corrupt=usage-array", "\"usage\":\\{.*?\\}(?=,\"impact\")", "\"usage\":[]" },
        { "corrupt=impact-string", "\"impact\":\\{.*?\"version\":\"emulator-20250922\"\\}", "\"impact\":\"x\"" },
    };

    [Theory]
    [MemberData(nameof(ChatCases))]
    public Task Chat_body_has_exactly_the_documented_change(string fault, string request, string pattern, string replacement)
        => AssertChatAsync(fault, request, pattern, replacement, stream: false);

    [Theory]
    [MemberData(nameof(ChatCases))]
    public Task Chat_stream_has_the_change_in_the_first_event_with_the_target(string fault, string request, string pattern, string replacement)
        => AssertChatAsync(fault, request, pattern, replacement, stream: true);

    [Theory]
    [InlineData(false, "\"message\":\\{.*?\\}(?=,\"logprobs\")", "\"message\":null")]
    [InlineData(true, "\"delta\":\\{.*?\\}(?=,\"finish_reason\")", "\"delta\":null")]
    public async Task Delta_null_nulls_the_message_or_the_first_delta(bool stream, string pattern, string replacement)
    {
        foreach (bool queued in (bool[])[false, true])
        {
            string clean = Masked(Latin1((await fixture.RawAsync(Chats, Echo(stream), fault: null)).Bytes));
            var (status, bytes) = await fixture.RawAsync(Chats, Echo(stream), "corrupt=delta-null", queued);
            Assert.Equal(200, status);
            Assert.Equal(Expected(clean, pattern, replacement, stream), Masked(Latin1(bytes)));
        }
    }

    [Theory]
    [MemberData(nameof(EmbeddingCases))]
    public async Task Embeddings_body_has_exactly_the_documented_change(string fault, string pattern, string replacement)
    {
        string clean = Latin1((await fixture.RawAsync(Embeddings, Embedding, fault: null)).Bytes);
        foreach (bool queued in (bool[])[false, true])
        {
            var (status, bytes) = await fixture.RawAsync(Embeddings, Embedding, fault, queued);
            Assert.Equal(200, status);
            Assert.Equal(Expected(clean, pattern, replacement, streaming: false), Latin1(bytes));
        }
    }

    [Fact]
    public async Task Invalid_utf8_is_the_two_raw_bytes_in_body_and_stream()
    {
        byte[] expected = [.. "\"content\":\""u8, 0xC3, 0x28, .. "You"u8];
        foreach (bool stream in (bool[])[false, true])
        {
            var (_, bytes) = await fixture.RawAsync(Chats, Echo(stream), "corrupt=utf8-content");
            Assert.False(Utf8.IsValid(bytes));
            Assert.Equal(1, Occurrences(bytes, [0xC3, 0x28]));
            Assert.True(bytes.AsSpan().IndexOf(expected) >= 0, "the bytes follow the opening quote of the content");
            Assert.True(Utf8.IsValid([.. bytes.AsSpan(0, bytes.AsSpan().IndexOf(expected) + 11), .. bytes.AsSpan(bytes.AsSpan().IndexOf(expected) + 13)]));
        }
    }

    [Fact]
    public async Task Models_list_can_carry_invalid_utf8_in_a_property_name()
    {
        fixture.Emulator.ClearFaults();
        using var request = new HttpRequestMessage(HttpMethod.Get, "models");
        request.Headers.Add(EmulatorFault.HeaderName, "corrupt=utf8-name");
        using var response = await fixture.Client.SendAsync(request, Ct).WaitAsync(Bound, Ct);
        string body = Latin1(await response.Content.ReadAsByteArrayAsync(Ct).WaitAsync(Bound, Ct));
        Assert.StartsWith("{\"" + BadUtf8 + "object\":\"list\",\"data\":[{\"id\":\"gemma4\",\"object\":\"model\"", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Chats, "tools", "corrupt=utf8-arguments")]
    [InlineData(Chats, "tools", "corrupt=tool-calls-null")]
    [InlineData(Chats, "content", "corrupt=utf8-content")]
    [InlineData(Embeddings, "embeddings", "corrupt=utf8-content")]
    [InlineData(Embeddings, "embeddings", "corrupt=created-ms")]
    [InlineData(Embeddings, "embeddings", "corrupt=choices-null")]
    public async Task A_corruption_without_a_target_is_a_400_not_a_silent_pass(string path, string mentions, string fault)
    {
        string body = path == Embeddings ? Embedding : fault == "corrupt=utf8-content" ? ToolCall(stream: true) : Echo(stream: true);
        foreach (bool queued in (bool[])[false, true])
        {
            var (status, bytes) = await fixture.RawAsync(path, body, fault, queued);
            var json = JsonNode.Parse(bytes)!;
            Assert.Equal(400, status);
            AssertGreenPTError(json, 400, "invalid_request_error", EmulatorFault.HeaderName);
            Assert.Contains(mentions, json["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_header_corruption_with_times_corrupts_only_the_first_requests()
    {
        fixture.Emulator.ClearFaults();
        const string Fault = "corrupt=id-empty;times=1;key=once";
        var first = await fixture.Client.SendAsync(Post(Chats, Echo(stream: false), Fault), Ct).WaitAsync(Bound, Ct);
        var second = await fixture.Client.SendAsync(Post(Chats, Echo(stream: false), Fault), Ct).WaitAsync(Bound, Ct);
        Assert.StartsWith("{\"id\":\"\",", await first.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.StartsWith("{\"id\":\"cmpl-", await second.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private async Task AssertChatAsync(string fault, string request, string pattern, string replacement, bool stream)
    {
        string body = request switch
        {
            "tool" => ToolCall(stream),
            "thinking" => Thinking(stream),
            _ => Echo(stream),
        };
        string clean = Masked(Latin1((await fixture.RawAsync(Chats, body, fault: null)).Bytes));
        foreach (bool queued in (bool[])[false, true])
        {
            var (status, bytes) = await fixture.RawAsync(Chats, body, fault, queued);
            Assert.Equal(200, status);
            Assert.Equal(Expected(clean, pattern, replacement, stream), Masked(Latin1(bytes)));
        }
    }

    private static int Occurrences(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle)
    {
        int count = 0;
        for (int at; (at = haystack.IndexOf(needle)) >= 0; haystack = haystack[(at + needle.Length)..])
        {
            count++;
        }

        return count;
    }
}
