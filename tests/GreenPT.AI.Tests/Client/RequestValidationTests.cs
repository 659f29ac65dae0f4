using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Client;

/// <summary>Requests that could not succeed are refused before anything is sent, the same way streaming and not.</summary>
public sealed class RequestValidationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<bool> Streaming => new() { false, true };

    [Theory, MemberData(nameof(Streaming))]
    public async Task EmptyMessageList_WithoutInstructions_IsRefusedNamingMessages_BeforeSending(bool streaming)
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(TestClients.MinimalCompletion));
        using GreenPTChatClient client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<ArgumentException>("messages", () => Send(client, [], new ChatOptions(), streaming));

        Assert.Contains("Instructions", ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Theory, MemberData(nameof(Streaming))]
    public async Task EmptyMessageList_WithInstructions_SendsTheInstructionsAlone(bool streaming)
    {
        string body = await TestClients.CaptureRequestBodyAsync([], new ChatOptions { Instructions = "Say hi." }, streaming);

        Assert.Contains("\"messages\":[{\"role\":\"system\",\"content\":\"Say hi.\"}]", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData(" ", false)]
    [InlineData("\t\n", true)]
    [InlineData("", true)]
    public async Task BlankChatModelId_IsRefusedNamingOptions_BeforeSending(string modelId, bool streaming)
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(TestClients.MinimalCompletion));
        using GreenPTChatClient client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<ArgumentException>("options", () => Send(client, [new(ChatRole.User, "Hi")], new ChatOptions { ModelId = modelId }, streaming));

        Assert.Contains("ChatOptions.ModelId", ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task EmptyEmbeddingInput_GivesNoEmbeddings_WithoutARequest()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("{}"));
        using GreenPTEmbeddingGenerator generator = CreateGenerator(handler);

        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync([], cancellationToken: Ct);

        Assert.Empty(embeddings);
        Assert.Null(embeddings.Usage);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task BlankEmbeddingModelId_IsRefusedNamingOptions_EvenWithoutInput(string modelId)
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("{}"));
        using GreenPTEmbeddingGenerator generator = CreateGenerator(handler);

        foreach (string[] inputs in new[] { Array.Empty<string>(), ["text"] })
        {
            var ex = await Assert.ThrowsAsync<ArgumentException>("options", () => generator.GenerateAsync(inputs, new EmbeddingGenerationOptions { ModelId = modelId }, Ct));
            Assert.Contains("EmbeddingGenerationOptions.ModelId", ex.Message, StringComparison.Ordinal);
        }

        Assert.Empty(handler.Requests);
    }

    private static GreenPTEmbeddingGenerator CreateGenerator(ScriptedHandler handler) =>
        new(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = TestClients.Endpoint, MaxRetries = 0 }, new HttpClient(handler));

    private static async Task Send(GreenPTChatClient client, List<ChatMessage> messages, ChatOptions options, bool streaming)
    {
        if (!streaming)
        {
            await client.GetResponseAsync(messages, options, Ct);
            return;
        }

        await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync(messages, options, Ct))
        {
        }
    }
}
