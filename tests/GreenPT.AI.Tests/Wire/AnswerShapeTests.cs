using System.Net;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Wire;

/// <summary>
/// A non-streaming answer whose answer-bearing member has the wrong JSON type fails with a <see cref="GreenPTException"/> that names
/// the member, the status and the request id, for chat, embeddings and the model list alike.
/// </summary>
public sealed class AnswerShapeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GreenPTClientOptions Options => new() { ApiKey = TestClients.ApiKey, Endpoint = TestClients.Endpoint, MaxRetries = 0 };

    [Theory]
    [InlineData("""{"choices":{}}""", "'choices' must be an array, not an object.")]
    [InlineData("""{"choices":[7]}""", "'choices[]' must be an object, not a number.")]
    [InlineData("""{"choices":[{"message":"Hi"}]}""", "'message' must be an object, not a string.")]
    [InlineData("""{"choices":[{"message":{"content":{"text":"Hi"}}}]}""", "'content' must be a string, not an object.")]
    [InlineData("""{"choices":[{"message":{"reasoning_content":[]}}]}""", "'reasoning_content' must be a string, not an array.")]
    [InlineData("""{"choices":[{"message":{"reasoning":{}}}]}""", "'reasoning' must be a string, not an object.")]
    [InlineData("""{"choices":[{"message":{"refusal":[]}}]}""", "'refusal' must be a string, not an array.")]
    [InlineData("""{"choices":[{"message":{"tool_calls":{}}}]}""", "'tool_calls' must be an array, not an object.")]
    [InlineData("""{"choices":[{"message":{"tool_calls":[{"function":[]}]}}]}""", "'function' must be an object, not an array.")]
    public async Task ChatAnswer_OfTheWrongShape_FailsNamingTheMember(string body, string message)
    {
        using GreenPTChatClient client = new(Options, new HttpClient(new ScriptedHandler(ScriptedHandler.Json(body, HttpStatusCode.OK, ("x-request-id", "req_shape")))));

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal("req_shape", ex.RequestId);
    }

    [Fact]
    public async Task EmbeddingsAnswer_OfTheWrongShape_FailsNamingTheMember()
    {
        using GreenPTEmbeddingGenerator generator = new(Options, new HttpClient(new ScriptedHandler(ScriptedHandler.Json("""{"data":{"index":0}}"""))));

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => generator.GenerateAsync(["a"], cancellationToken: Ct));

        Assert.Contains("'data' must be an array, not an object.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelList_OfTheWrongShape_FailsNamingTheMember_ButEntriesThatAreNotObjectsAreSkipped()
    {
        using GreenPTModelCatalog wrong = new(Options, new HttpClient(new ScriptedHandler(ScriptedHandler.Json("""{"data":"gemma4"}"""))));
        using GreenPTModelCatalog skipped = new(Options, new HttpClient(new ScriptedHandler(ScriptedHandler.Json("""{"data":["gemma4",null,{"id":"green-l"}]}"""))));

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => wrong.ListAsync(cancellationToken: Ct));
        IReadOnlyList<GreenPTModelInfo> models = await skipped.ListAsync(cancellationToken: Ct);

        Assert.Contains("'data' must be an array, not a string.", ex.Message, StringComparison.Ordinal);
        Assert.Equal("green-l", Assert.Single(models).Id);
    }
}
