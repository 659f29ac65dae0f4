using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.IntegrationTests;

/// <summary>A response that breaks after it began raises a <see cref="GreenPTException"/> in bounded time, never a normal end.</summary>
public sealed class BrokenStreamTests
{
    private const string Prompt = "Break the stream";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("truncate")]
    [InlineData("drop-mid-stream")]
    [InlineData("malformed-event")]
    [InlineData("error-event")]
    public async Task BrokenStream_RaisesGreenPTException_Streaming(string fault)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(fault: fault);
        var received = new List<ChatResponseUpdate>();

        GreenPTException ex = await Bounded.ThrowsAsync<GreenPTException>(
            () => Bounded.ConsumeAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct), received));

        Assert.NotEmpty(received);
        Assert.DoesNotContain(received, u => u.FinishReason is not null);
        Assert.DoesNotContain(received.SelectMany(u => u.Contents), c => c is UsageContent);
        if (fault == "truncate")
        {
            // Every token arrived; only the end of the stream is missing.
            Assert.Equal(Answers.Content(Prompt), Answers.Text(received));
            Assert.Contains("ended before it was complete", ex.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Single(received);
        }

        if (fault == "error-event")
        {
            Assert.Equal("server_error", ex.ErrorType);
            Assert.Equal("500", ex.ErrorCode);
            Assert.StartsWith("req_", ex.RequestId, StringComparison.Ordinal);
            Assert.Contains("Simulated server error", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1, harness.Emulator.RequestCount);
    }

    [Theory]
    [InlineData("truncate")]
    [InlineData("drop-mid-stream")]
    [InlineData("malformed-event")]
    [InlineData("error-event")]
    public async Task BrokenBody_RaisesGreenPTException_NonStreaming(string fault)
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(fault: fault);

        GreenPTException ex = await Bounded.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync(Prompt, cancellationToken: Ct));

        if (fault == "error-event")
        {
            Assert.Equal("server_error", ex.ErrorType);
            Assert.Contains("Simulated server error", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1, harness.Emulator.RequestCount);
    }

    [Fact]
    public async Task ErrorEvent_WithACustomMessage_CarriesTheServerMessage_Streaming()
    {
        await using Harness harness = await Harness.StartAsync();
        using GreenPTChatClient client = harness.CreateClient(fault: "error-event;message=The GPU caught fire;request-id=req_custom42");

        GreenPTException ex = await Bounded.ThrowsAsync<GreenPTException>(
            () => Bounded.ConsumeAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct), []));

        Assert.Contains("The GPU caught fire", ex.Message, StringComparison.Ordinal);
        Assert.Equal("req_custom42", ex.RequestId);
    }
}
