using System.Text.Json;
using System.Text.Json.Nodes;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Contract;

/// <summary>
/// What Semantic Kernel does with an <see cref="IChatClient"/>, reproduced with MEAI Abstractions alone (SK itself is not
/// available here): the inputs SK sends, and where SK reads metadata from the outputs.
/// </summary>
public sealed class SemanticKernelContractTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>SK turns unknown execution-settings keys into ChatOptions.AdditionalProperties, often as JsonElement values.</summary>
    private static ChatOptions FromSkExecutionSettings(string? greenptReasoningEffort = null)
    {
        var options = new ChatOptions
        {
            ModelId = "gemma4",
            AdditionalProperties = new()
            {
                ["user"] = JsonSerializer.SerializeToElement("user-42"),
                ["logprobs"] = JsonSerializer.SerializeToElement(false),
                ["store"] = JsonSerializer.SerializeToElement(true),
                ["metadata"] = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["tenant"] = "acme" }),
                ["service_id"] = "greenpt",
            },
        };
        if (greenptReasoningEffort is not null)
        {
            options.AdditionalProperties["greenpt.reasoning_effort"] = JsonSerializer.SerializeToElement(greenptReasoningEffort);
        }

        return options;
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task NullOptions_Work(bool streaming)
    {
        string body = await TestClients.CaptureRequestBodyAsync([new ChatMessage(ChatRole.User, "Hi")], options: null, streaming);
        Assert.Equal("gemma4", JsonNode.Parse(body)!["model"]!.GetValue<string>());
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task UnrelatedSkKeys_NeverReachTheWire_AndGreenPTReasoningKeyIsHonoured(bool streaming)
    {
        string body = await TestClients.CaptureRequestBodyAsync([new ChatMessage(ChatRole.User, "Hi")], FromSkExecutionSettings("none"), streaming);

        JsonObject request = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("none", request["reasoning_effort"]!.GetValue<string>());
        foreach (string key in new[] { "user", "logprobs", "store", "metadata", "service_id" })
        {
            Assert.False(request.ContainsKey(key), key);
        }
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task ReasoningEffortAsJsonElement_IsHonoured(bool streaming)
    {
        var options = new ChatOptions { AdditionalProperties = new() { ["reasoning_effort"] = JsonSerializer.SerializeToElement("low") } };
        string body = await TestClients.CaptureRequestBodyAsync([new ChatMessage(ChatRole.User, "Hi")], options, streaming);
        Assert.Equal("low", JsonNode.Parse(body)!["reasoning_effort"]!.GetValue<string>());
    }

    [Fact]
    public async Task NonStreaming_ImpactIsOnTheLastMessage_ForAgents_AndOnTheResponse_ForPromptFunctions()
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Json(Fixtures.Read("greenpt-completion.json"))));
        ChatResponse response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], FromSkExecutionSettings(), Ct);

        // ChatCompletionAgent: ChatMessageContent.Metadata = last message's AdditionalProperties (+ Usage).
        IReadOnlyDictionary<string, object?> agentMetadata = response.Messages[^1].AdditionalProperties!;
        Assert.Equal(526, ReadImpact(agentMetadata)!.Energy!.Total);

        // kernel.InvokePromptAsync: FunctionResult.Metadata = the response's AdditionalProperties.
        IReadOnlyDictionary<string, object?> functionMetadata = response.AdditionalProperties!;
        Assert.Equal(526, ReadImpact(functionMetadata)!.Energy!.Total);
        Assert.Equal(25, response.Usage!.TotalTokenCount);
    }

    [Fact]
    public async Task Streaming_ImpactIsOnTheFinalUpdate_WhichIsWhatAgentStreamingSees()
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Sse(Fixtures.Read("greenpt-stream-basic.sse"))));
        var chunksMetadata = new List<IReadOnlyDictionary<string, object?>?>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hi")], FromSkExecutionSettings(), Ct))
        {
            chunksMetadata.Add(update.AdditionalProperties); // SK: StreamingChatMessageContent.Metadata
        }

        Assert.Equal(526, ReadImpact(chunksMetadata[^1]!)!.Energy!.Total);
        Assert.All(chunksMetadata.Take(chunksMetadata.Count - 1), m => Assert.True(m is null || !m.ContainsKey("impact")));
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task HistoryFromSk_WithOldMetadataAndForeignRawObjects_IsAccepted(bool streaming)
    {
        ChatResponse earlier;
        using (GreenPTChatClient first = TestClients.Create(new ScriptedHandler(ScriptedHandler.Json(Fixtures.Read("greenpt-completion.json")))))
        {
            earlier = await first.GetResponseAsync("Hi", cancellationToken: Ct);
        }

        // SK keeps the assistant message with its metadata (possibly restored from JSON) and raw representation.
        ChatMessage assistant = earlier.Messages[0];
        assistant.AdditionalProperties!["impact"] = JsonSerializer.SerializeToElement(assistant.AdditionalProperties["impact"], AIJsonUtilities.DefaultOptions);
        assistant.AdditionalProperties["Usage"] = earlier.Usage;
        List<ChatMessage> history =
        [
            new(ChatRole.System, "Be kind") { RawRepresentation = new { Sk = "ChatMessageContent" } },
            new(ChatRole.User, "Hi"),
            assistant,
            new(ChatRole.User, "And now?"),
        ];

        string body = await TestClients.CaptureRequestBodyAsync(history, FromSkExecutionSettings(), streaming);

        JsonAssert.Equal(
            """
            [{"role":"system","content":"Be kind"},{"role":"user","content":"Hi"},
             {"role":"assistant","content":"I'm doing well, thank you for asking!"},{"role":"user","content":"And now?"}]
            """,
            JsonNode.Parse(body)!["messages"]!.ToJsonString());
    }

    [Fact]
    public void Metadata_LetsSkResolveTheClientByModelId()
    {
        using var client = new GreenPTChatClient(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, DefaultModelId = "green-l" });
        Assert.Equal("green-l", client.GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    /// <summary>SK exposes metadata as a read-only dictionary; the reader for that shape is what SK users call.</summary>
    private static GreenPTImpact? ReadImpact(IReadOnlyDictionary<string, object?> metadata) =>
        new Dictionary<string, object?>(metadata).AsReadOnly().GetGreenPTImpact();
}
