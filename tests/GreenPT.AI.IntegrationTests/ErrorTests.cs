using System.Net;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.IntegrationTests;

/// <summary>Errors the emulator reports for real (no fault injection): authentication and request validation.</summary>
public sealed class ErrorTests
{
    private const string Prompt = "Hello";
    private const string WrongKey = "sk-itest-WRONG-90e1d3b7c5a2f468";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<GreenPTException> FailAsync(GreenPTChatClient client, bool streaming, ChatOptions? options = null) =>
        Bounded.ThrowsAsync<GreenPTException>(() => streaming
            ? Bounded.ConsumeAsync(client.GetStreamingResponseAsync(Prompt, options, Ct), [])
            : client.GetResponseAsync(Prompt, options, Ct));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WrongKey_Gives401(bool streaming)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.ApiKey = WrongKey);

        GreenPTException ex = await FailAsync(client, streaming);

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal("authentication_error", ex.ErrorType);
        Assert.Equal("401", ex.ErrorCode);
        Assert.NotNull(ex.RequestId);
        Assert.StartsWith("req_", ex.RequestId, StringComparison.Ordinal);
        Assert.Contains(ex.RequestId, ex.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid API key", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
        Assert.Equal(1, harness.Emulator.RequestCount);
        Secrets.AssertClean(ex, WrongKey);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UnknownModel_Gives400(bool streaming)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient();

        GreenPTException ex = await FailAsync(client, streaming, new ChatOptions { ModelId = "no-such-model" });

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("Unsupported model", ex.Message, StringComparison.Ordinal);
        Assert.Equal("model", ex.Param);
        Assert.Equal("invalid_request_error", ex.ErrorType);
        Assert.NotNull(ex.RequestId);
        Assert.Equal(1, harness.Emulator.RequestCount);
    }

    // A verbatim "none" is sent as it is, and green-r refuses it; the portable ChatOptions.Reasoning.Effort None is mapped to
    // green-r's lowest level instead (ReasoningRoundTripTests.PortableEffortNone_OnAModelThatRefusesNone_IsSentAsItsLowestLevel_AndLogged).
    [Theory]
    [InlineData(false, "AdditionalProperties")]
    [InlineData(true, "AdditionalProperties")]
    [InlineData(false, "DefaultReasoningEffort")]
    [InlineData(true, "DefaultReasoningEffort")]
    public async Task GreenR_WithVerbatimReasoningEffortNone_Gives400(bool streaming, string way)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o =>
        {
            o.DefaultModelId = "green-r";
            if (way == "DefaultReasoningEffort")
            {
                o.DefaultReasoningEffort = "none";
            }
        });
        ChatOptions? options = way switch
        {
            "AdditionalProperties" => new ChatOptions { AdditionalProperties = new() { [GreenPTPropertyNames.OpenAIReasoningEffort] = "none" } },
            _ => null,
        };

        GreenPTException ex = await FailAsync(client, streaming, options);

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("reasoning_effort", ex.Param);
        Assert.Equal(1, harness.Emulator.RequestCount);
    }

    [Fact]
    public async Task GreenR_WithDefaultReasoning_Works()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(o => o.DefaultModelId = "green-r");

        ChatResponse response = await Bounded.Within(client.GetResponseAsync(Prompt, cancellationToken: Ct));

        Assert.Equal(Answers.Content(Prompt), response.Text);
        Assert.Equal(Answers.Reasoning(Prompt), Answers.ReasoningText(response));
    }
}
