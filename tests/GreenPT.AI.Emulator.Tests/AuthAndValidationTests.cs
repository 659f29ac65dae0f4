using System.Net;
using static GreenPT.AI.Emulator.Tests.TestSupport;

namespace GreenPT.AI.Emulator.Tests;

public sealed class AuthAndValidationTests
{
    [Fact]
    public async Task Start_binds_loopback_with_trailing_slash_and_dispose_stops()
    {
        var emulator = await StartAsync();
        var baseAddress = emulator.BaseAddress;
        Assert.Equal("127.0.0.1", baseAddress.Host);
        Assert.NotEqual(0, baseAddress.Port);
        Assert.Equal("/v1/", baseAddress.AbsolutePath);

        using var client = Client(emulator);
        var (ok, _) = await PostJsonAsync(client, "chat/completions", Chat("green-l", "hi"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        await emulator.DisposeAsync().AsTask().WaitAsync(Bound, Ct);
        await emulator.DisposeAsync().AsTask().WaitAsync(Bound, Ct); // idempotent

        using var fresh = new HttpClient { BaseAddress = baseAddress };
        await Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync("models", Ct).WaitAsync(Bound, Ct));
    }

    [Fact]
    public async Task Missing_key_gives_401_with_GreenPT_error_body()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator, key: null);
        var (response, json) = await PostJsonAsync(client, "chat/completions", Chat("green-l", "hello"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        AssertGreenPTError(json, 401, "authentication_error", param: null);
        Assert.Equal(json["requestId"]!.GetValue<string>(), Header(response, "x-request-id"));
        Assert.Equal("4823.00", Header(response, "x-credits-remaining"));
        Assert.Equal(["error", "requestId"], json.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Wrong_key_gives_401_and_never_echoes_either_key()
    {
        await using var emulator = await StartAsync(new GreenPTEmulatorOptions { ApiKey = "sk-right-123" });
        using var client = Client(emulator, key: "sk-wrong-456");
        var (response, body) = await SendAsync(client, Post("chat/completions", Chat("green-l", "hello")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertGreenPTError(JsonNode.Parse(body)!, 401, "authentication_error", param: null);
        Assert.DoesNotContain("sk-wrong-456", body, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-right-123", body, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-wrong-456", emulator.ChatRequestDetails.Single().Headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal("Bearer ***", emulator.ChatRequestDetails.Single().Headers["Authorization"]);

        using var good = Client(emulator, key: "sk-right-123");
        var (ok, _) = await SendAsync(good, Post("chat/completions", Chat("green-l", "hello")));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Every_v1_endpoint_requires_a_bearer_key()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator, key: null);
        var models = await client.GetAsync("models", Ct).WaitAsync(Bound, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);

        var (embeddings, _) = await SendAsync(client, Post("embeddings", """{"model":"green-embedding","input":"x"}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, embeddings.StatusCode);

        using var basic = new HttpRequestMessage(HttpMethod.Get, "models");
        basic.Headers.Authorization = new("Basic", "dXNlcjpwYXNz");
        var basicResponse = await client.SendAsync(basic, Ct).WaitAsync(Bound, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, basicResponse.StatusCode);

        Assert.Equal(3, emulator.RequestCount);
    }

    public static TheoryData<string, string?, string> BadRequests() => new()
    {
        { "{\"model\": \"green-l\", \"messages\": [", null, "Invalid JSON" },
        { "[1,2]", null, "JSON object" },
        { """{"messages":[{"role":"user","content":"hi"}]}""", "model", "model" },
        { """{"model":"green-l"}""", "messages", "messages" },
        { """{"model":"green-l","messages":[]}""", "messages", "messages" },
        { """{"model":"gpt-17","messages":[{"role":"user","content":"hi"}]}""", "model", "Unsupported model" },
        { """{"model":"green-embedding","messages":[{"role":"user","content":"hi"}]}""", "model", "Unsupported model" },
        { """{"model":"green-l","messages":[{"role":"wizard","content":"hi"}]}""", "messages[0].role", "role" },
        { """{"model":"green-l","messages":[{"role":"user"}]}""", "messages[0].content", "content" },
        { """{"model":"green-l","messages":[{"role":"user","content":"hi"}],"max_tokens":0}""", "max_tokens", "max_tokens" },
        { """{"model":"green-l","messages":[{"role":"user","content":"hi"}],"stream":"yes"}""", "stream", "stream" },
        { """{"model":"green-r","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"none"}""", "reasoning_effort", "reasoning_effort" },
        { """{"model":"green-r-raw","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"minimal"}""", "reasoning_effort", "reasoning_effort" },
        { """{"model":"gpt-oss-120b","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"none"}""", "reasoning_effort", "reasoning_effort" },
        { """{"model":"gemma4","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"extreme"}""", "reasoning_effort", "reasoning_effort" },
        { """{"model":"green-l","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"turbo"}""", "reasoning_effort", "reasoning_effort" },
        { """{"model":"green-l","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{}}]}""", "tools[0].function.name", "tools[0].function.name" },
        { """{"model":"green-l","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"a"}}],"tool_choice":{"type":"function","function":{"name":"b"}}}""", "tool_choice", "tool_choice" },
        { """{"model":"green-l","messages":[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":[{"id":"call_abc123xyz","type":"function","function":{"name":"a","arguments":"{}"}}]},{"role":"tool","tool_call_id":"call_abc123xyz","content":"r"}]}""", "messages[1].tool_calls[0].id", "a-z, A-Z, 0-9, with a length of 9" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Invalid_chat_requests_give_400_invalid_request_error(string body, string? param, string messageContains)
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (response, json) = await PostJsonAsync(client, "chat/completions", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertGreenPTError(json, 400, "invalid_request_error", param);
        Assert.Contains(messageContains, json["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(body, emulator.ChatRequests.Single());
        Assert.Equal(1, emulator.RequestCount);
    }

    [Theory]
    [InlineData("gemma4", "none")]
    [InlineData("gemma4", "minimal")]
    [InlineData("glm-5.2", "none")]
    [InlineData("glm-5.2", "high")]
    [InlineData("green-r", "low")]
    [InlineData("green-r-raw", "medium")]
    [InlineData("gpt-oss-120b", "high")]
    [InlineData("green-l", "none")]
    [InlineData("green-l-raw", "high")]
    public async Task Accepted_reasoning_effort_values_give_200(string model, string effort)
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (response, _) = await PostJsonAsync(client, "chat/completions", Chat(model, "hi", b => b["reasoning_effort"] = effort));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private const string ToolLoopWithoutReasoning = """
        {"model":"MODEL","messages":[{"role":"user","content":"weather?"},
          {"role":"assistant","tool_calls":[{"id":"abcDEF123","type":"function","function":{"name":"w","arguments":"{}"}}]REASONING},
          {"role":"tool","tool_call_id":"abcDEF123","content":"sunny"}]EFFORT}
        """;

    [Theory]
    [InlineData("gemma4", "", "", HttpStatusCode.BadRequest)] // required, thinking, missing
    [InlineData("gemma4", ",\"reasoning_content\":\"I call w.\"", "", HttpStatusCode.OK)]
    [InlineData("gemma4", ",\"reasoning\":\"I call w.\"", "", HttpStatusCode.OK)]
    [InlineData("gemma4", ",\"reasoning_content\":\"\"", "", HttpStatusCode.BadRequest)]
    [InlineData("gemma4", "", ",\"reasoning_effort\":\"none\"", HttpStatusCode.OK)] // not thinking: nothing to pass back
    [InlineData("glm-5.2", "", "", HttpStatusCode.OK)] // not in the set
    public async Task Models_requiring_reasoning_back_refuse_tool_call_turns_without_it(string model, string reasoning, string effort, HttpStatusCode expected)
    {
        await using var emulator = await StartAsync(new GreenPTEmulatorOptions { ApiKey = Key, ModelsRequiringReasoningBack = ["gemma4"] });
        using var client = Client(emulator);
        string body = ToolLoopWithoutReasoning.Replace("MODEL", model, StringComparison.Ordinal)
            .Replace("REASONING", reasoning, StringComparison.Ordinal).Replace("EFFORT", effort, StringComparison.Ordinal);

        var (response, json) = await PostJsonAsync(client, "chat/completions", body);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            AssertGreenPTError(json, 400, "invalid_request_error", "messages[1].reasoning_content");
        }
    }

    [Fact]
    public async Task Unknown_endpoint_gives_404_and_wrong_method_405_both_counted()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (notFound, body) = await SendAsync(client, Post("rerank-v9", "{}"));
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        AssertGreenPTError(JsonNode.Parse(body)!, 404, "not_found_error", null);

        var wrongMethod = await client.GetAsync("chat/completions", Ct).WaitAsync(Bound, Ct);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal(2, emulator.RequestCount);
    }
}
