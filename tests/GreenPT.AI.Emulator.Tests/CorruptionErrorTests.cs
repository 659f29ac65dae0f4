using static GreenPT.AI.Emulator.Tests.Corrupted;
using static GreenPT.AI.Emulator.Tests.TestSupport;

namespace GreenPT.AI.Emulator.Tests;

/// <summary>Error-body corruptions (<c>error-*</c>), byte for byte, on 4xx/5xx bodies, on the 200 error body and on the SSE error event.</summary>
public sealed class CorruptionErrorTests(CorruptionFixture fixture) : IClassFixture<CorruptionFixture>
{
    private const string Chats = "chat/completions";
    private const string RequestId = "req_fixed";

    /// <summary>Class, pattern on the clean error body, replacement.</summary>
    public static TheoryData<string, string, string> ErrorCases() => new()
    {
        { "error-message-type", "\"message\":(\"[^\"]*\")", "\"message\":{\"text\":$1}" },
        { "error-message-utf8", "\"message\":\"", "\"message\":\"" + BadUtf8 },
        { "error-message-surrogate", "\"message\":\"", "\"message\":\"" + LoneHalf },
        { "error-code-type", "\"code\":([0-9]+)", "\"code\":[$1]" },
        { "error-code-utf8", "\"code\":([0-9]+)", "\"code\":\"" + BadUtf8 + "$1\"" },
        { "error-code-surrogate", "\"code\":([0-9]+)", "\"code\":\"" + LoneHalf + "$1\"" },
        { "error-param-type", "\"param\":null", "\"param\":{\"name\":null}" },
        { "error-param-utf8", "\"param\":null", "\"param\":\"" + BadUtf8 + "\"" },
        { "error-param-surrogate", "\"param\":null", "\"param\":\"" + LoneHalf + "\"" },
        { "error-detail-type", "\\}$", ",\"detail\":true}" },
        { "error-detail-utf8", "\"message\":\"([^\"]*)\"(.*)\\}$", "\"message\":\"$1\"$2,\"detail\":\"" + BadUtf8 + "$1\"}" },
        { "error-detail-surrogate", "\"message\":\"([^\"]*)\"(.*)\\}$", "\"message\":\"$1\"$2,\"detail\":\"" + LoneHalf + "$1\"}" },
    };

    public static TheoryData<string, int> ClassesAtStatuses()
    {
        var data = new TheoryData<string, int>();
        foreach (int status in (int[])[400, 401, 402, 404, 413, 429, 500, 502, 503, 504, 599])
        {
            data.Add(status % 2 == 0 ? "error-message-utf8" : "error-code-surrogate", status);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public async Task Status_error_body_has_exactly_the_documented_change(string corruption, string pattern, string replacement)
    {
        string body = Chat("green-l", "x");
        string clean = Latin1((await fixture.RawAsync(Chats, body, $"status=503;request-id={RequestId}")).Bytes);
        foreach (bool queued in (bool[])[false, true])
        {
            var (status, bytes) = await fixture.RawAsync(Chats, body, $"status=503;request-id={RequestId};corrupt={corruption}", queued);
            Assert.Equal(503, status);
            Assert.Equal(Expected(clean, pattern, replacement, streaming: false), Latin1(bytes));
        }
    }

    [Theory]
    [MemberData(nameof(ClassesAtStatuses))]
    public async Task Every_status_from_400_to_599_can_carry_a_corrupt_error_body(string corruption, int statusCode)
    {
        const string Body = """{"model":"green-embedding","input":"x"}""";
        string clean = Latin1((await fixture.RawAsync("embeddings", Body, $"status={statusCode};request-id={RequestId}")).Bytes);
        var (status, bytes) = await fixture.RawAsync("embeddings", Body, $"status={statusCode};request-id={RequestId};corrupt={corruption}");
        var (pattern, replacement) = corruption == "error-message-utf8"
            ? ("\"message\":\"", "\"message\":\"" + BadUtf8)
            : ("\"code\":([0-9]+)", "\"code\":\"" + LoneHalf + "$1\"");
        Assert.Equal(statusCode, status);
        Assert.Equal(Expected(clean, pattern, replacement, streaming: false), Latin1(bytes));
    }

    [Fact]
    public async Task Error_event_without_a_stream_is_a_200_whose_body_is_a_server_error()
    {
        var (status, bytes) = await fixture.RawAsync(Chats, Chat("green-l", "x"), $"error-event;request-id={RequestId}");
        Assert.Equal(200, status);
        Assert.Equal(
            """{"error":{"code":500,"message":"Simulated server error (emulator fault).","type":"server_error","param":null},"requestId":"req_fixed"}""",
            Latin1(bytes));
    }

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public async Task The_200_error_body_and_the_sse_error_event_carry_the_same_change(string corruption, string pattern, string replacement)
    {
        string plain = Chat("green-l", "x");
        string streamed = Chat("green-l", "x", b => b["stream"] = true);
        string fault = $"error-event;request-id={RequestId}";
        string cleanBody = Latin1((await fixture.RawAsync(Chats, plain, fault)).Bytes);
        string cleanStream = Masked(Latin1((await fixture.RawAsync(Chats, streamed, fault)).Bytes));
        foreach (bool queued in (bool[])[false, true])
        {
            var (status, body) = await fixture.RawAsync(Chats, plain, $"{fault};corrupt={corruption}", queued);
            var (streamStatus, stream) = await fixture.RawAsync(Chats, streamed, $"{fault};corrupt={corruption}", queued);
            Assert.Equal(200, status);
            Assert.Equal(200, streamStatus);
            Assert.Equal(Expected(cleanBody, pattern, replacement, streaming: false), Latin1(body));
            Assert.Equal(ErrorEventExpected(cleanStream, pattern, replacement), Masked(Latin1(stream)));
        }
    }

    /// <summary>The stream is the first chunk, then the error event: only the error event changes.</summary>
    private static string ErrorEventExpected(string cleanStream, string pattern, string replacement)
    {
        var events = cleanStream.Split("\n\n");
        Assert.Equal(3, events.Length);
        Assert.StartsWith("data: {\"error\":", events[1], StringComparison.Ordinal);
        events[1] = "data: " + Expected(events[1]["data: ".Length..], pattern, replacement, streaming: false);
        return string.Join("\n\n", events);
    }
}
