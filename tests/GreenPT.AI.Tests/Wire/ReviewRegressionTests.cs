using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Wire;

/// <summary>Regressions for defects a code review found: each test failed before its fix.</summary>
public sealed class ReviewRegressionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, InlineData(false), InlineData(true)]
    public async Task ExtraBodyModel_ReplacesTheModel_WithoutADuplicateKey(bool streaming)
    {
        var options = new ChatOptions { AdditionalProperties = new() { [GreenPTPropertyNames.ExtraBody] = new Dictionary<string, object?> { ["model"] = "green-l" } } };
        string body = await TestClients.CaptureRequestBodyAsync([new ChatMessage(ChatRole.User, "Hi")], options, streaming);

        Assert.Equal(1, CountProperty(body, "model"));
        Assert.Equal("green-l", JsonNode.Parse(body)!["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task StreamedToolCalls_ThatReuseIndexZeroWithNewIds_StaySeparate()
    {
        string sse =
            "data: {\"id\":\"t\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"AAAAAAAAA\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]},\"finish_reason\":null}]}\n\n" +
            "data: {\"id\":\"t\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"BBBBBBBBB\",\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"b\\\":2}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\n" +
            "data: [DONE]\n\n";
        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(TestClients.Create(new ScriptedHandler(ScriptedHandler.Sse(sse))));

        FunctionCallContent[] calls = [.. updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>()];
        Assert.Equal(["AAAAAAAAA:f", "BBBBBBBBB:g"], calls.Select(c => c.CallId + ":" + c.Name));
        Assert.All(calls, c => Assert.Null(c.Exception));
    }

    [Fact]
    public async Task ToolCallsWithoutIds_GetUniqueIds_NonStreaming()
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Json("""
            {"id":"r1","choices":[{"index":0,"message":{"tool_calls":[
              {"type":"function","function":{"name":"f","arguments":"{}"}},{"type":"function","function":{"name":"g","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}
            """)));
        ChatResponse response = await client.GetResponseAsync("Hi", cancellationToken: Ct);
        AssertUniqueWireIds([.. response.Messages[0].Contents.OfType<FunctionCallContent>()]);
    }

    [Fact]
    public async Task ToolCallsWithoutIds_GetUniqueIds_Streaming()
    {
        string sse =
            "data: {\"id\":\"r1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},{\"index\":1,\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\n" +
            "data: [DONE]\n\n";
        List<ChatResponseUpdate> updates = await TestClients.StreamAsync(TestClients.Create(new ScriptedHandler(ScriptedHandler.Sse(sse))));
        AssertUniqueWireIds([.. updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>()]);
    }

    private static void AssertUniqueWireIds(FunctionCallContent[] calls)
    {
        Assert.Equal(2, calls.Length);
        Assert.All(calls, c => Assert.Matches("^[A-Za-z0-9]{9}$", c.CallId));
        Assert.NotEqual(calls[0].CallId, calls[1].CallId);
    }

    [Theory]
    [InlineData("mWh", 3.6)]
    [InlineData("MWh", 3.6e9)]
    [InlineData("mJ", 1e-3)]
    [InlineData("MJ", 1e6)]
    [InlineData("kwh", 3.6e6)]
    [InlineData("WMS", 1e-3)]
    public void EnergyPrefixes_AreCaseSensitive_ButBaseUnitsAreNot(string unit, double joules) =>
        Assert.Equal(joules, new GreenPTImpact { Energy = new(1, unit) }.EnergyInJoules!.Value, 6);

    [Fact]
    public void MilliAndMegaWattHours_DoNotAddUp_AsTheSameUnit()
    {
        GreenPTImpact sum = new GreenPTImpact { Energy = new(1, "mWh") } + new GreenPTImpact { Energy = new(1, "MWh") };
        Assert.Equal(3.6e9 + 3.6, sum.EnergyInJoules!.Value, 3);
    }

    [Theory, InlineData(""), InlineData("  ")]
    public async Task EmptyReasoningEffortAsJsonElement_IsIgnored(string value)
    {
        var options = new ChatOptions
        {
            Reasoning = new() { Effort = ReasoningEffort.Low },
            AdditionalProperties = new() { ["reasoning_effort"] = JsonSerializer.SerializeToElement(value) },
        };
        string body = await TestClients.CaptureRequestBodyAsync([new ChatMessage(ChatRole.User, "Hi")], options, streaming: false);
        Assert.Equal("low", JsonNode.Parse(body)!["reasoning_effort"]!.GetValue<string>());
    }

    [Fact]
    public async Task RetryAfterLongerThanTheCap_IsNotRetriedEarly()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("{}", HttpStatusCode.TooManyRequests, ("Retry-After", "60")));
        using GreenPTChatClient client = TestClients.Create(handler, o => { o.MaxRetries = 2; o.MaxRetryDelay = TimeSpan.FromMilliseconds(100); });

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.Single(handler.Requests);
        Assert.Equal(TimeSpan.FromSeconds(60), ex.RetryAfter);
    }

    [Fact]
    public async Task ErrorInA200Body_SaysSo_WithTheStatus()
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Json("""{"error":{"message":"boom","type":"server_error"}}""")));
        var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
        Assert.Equal("GreenPT returned an error in a 200 response: boom (type server_error)", ex.Message);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
    }

    [Theory, InlineData("sk-abc\n"), InlineData(" sk-abc"), InlineData("sk-a\r\nb")]
    public void ApiKeyWithLineBreaksOrSpaces_IsRefusedNamingTheSetting(string key)
    {
        var ex = Assert.Throws<ArgumentException>("options", () => new GreenPTChatClient(key));
        Assert.Contains("GreenPTClientOptions.ApiKey", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-a", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EndpointWithAQuery_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new GreenPTChatClient(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = new Uri("https://api.greenpt.ai/v1?x=1") }));
        Assert.Contains("query", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionFailureAfterTheRequestWasSent_IsNotRetried_ButRefusedConnectionsAre()
    {
        var sent = new ThrowingHandler(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        using (var client = new GreenPTChatClient(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, RetryDelay = TimeSpan.Zero }, new HttpClient(sent)))
        {
            var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
            Assert.StartsWith("The connection to GreenPT failed during the request", ex.Message, StringComparison.Ordinal);
        }

        var refused = new ThrowingHandler(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));
        using (var client = new GreenPTChatClient(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, RetryDelay = TimeSpan.Zero }, new HttpClient(refused)))
        {
            var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
            Assert.StartsWith("Could not reach GreenPT", ex.Message, StringComparison.Ordinal);
            Assert.True(ex.IsTransient);
        }

        Assert.Equal(1, sent.Calls);
        Assert.Equal(3, refused.Calls);
    }

    [Fact]
    public async Task KeyEchoedInAnyErrorField_IsRedacted_EvenPastTheQuotedLength()
    {
        string html = "<html><body>" + new string('x', 295) + " " + TestClients.ApiKey + "</body></html>";
        using (GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Text(html, "text/html", HttpStatusCode.BadGateway))))
        {
            var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
            Assert.DoesNotContain(TestClients.ApiKey[..6], ex.Message[280..], StringComparison.Ordinal);
        }

        string json = $$"""{"error":{"message":"bad","type":"{{TestClients.ApiKey}}","code":"{{TestClients.ApiKey}}","param":"Bearer {{TestClients.ApiKey}}"},"requestId":"{{TestClients.ApiKey}}"}""";
        using (GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Json(json, HttpStatusCode.BadRequest))))
        {
            var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
            foreach (string? text in new[] { ex.ToString(), ex.ErrorType, ex.ErrorCode, ex.Param, ex.RequestId })
            {
                Assert.DoesNotContain(TestClients.ApiKey, text ?? string.Empty, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void OptionsHandedOutByGetService_HaveNoKey()
    {
        using var client = new GreenPTChatClient(TestClients.ApiKey);
        using var generator = new GreenPTEmbeddingGenerator(TestClients.ApiKey);
        Assert.Null(client.GetService<GreenPTClientOptions>()!.ApiKey);
        Assert.Null(generator.GetService<GreenPTClientOptions>()!.ApiKey);
    }

    [Fact]
    public async Task AuthorNames_AreMadeSafeForTheWire()
    {
        ChatMessage[] messages = [new(ChatRole.Assistant, "hi") { AuthorName = "Travel Agent (EU)" }, new(ChatRole.User, "yo") { AuthorName = "  " }];
        JsonNode sent = JsonNode.Parse(await TestClients.CaptureRequestBodyAsync(messages, null, streaming: false))!["messages"]!;
        Assert.Equal("Travel_Agent__EU_", sent[0]!["name"]!.GetValue<string>());
        Assert.Null(sent[1]!["name"]);
    }

    [Fact]
    public void PublicValidate_ReportsTheFirstBadSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new GreenPTClientOptions { ApiKey = "k", MaxRetries = 99 }.Validate());
        Assert.Contains("MaxRetries", ex.Message, StringComparison.Ordinal);
        new GreenPTClientOptions { ApiKey = "k" }.Validate();
    }

    private static int CountProperty(string json, string name)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        int count = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(name))
            {
                count++;
            }
        }

        return count;
    }

    private sealed class ThrowingHandler(Exception exception) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromException<HttpResponseMessage>(exception);
        }
    }
}
