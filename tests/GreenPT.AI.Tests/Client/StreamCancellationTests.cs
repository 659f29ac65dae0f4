using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Client;

/// <summary>A caller who cancels a stream gets no further update, even when the next events are already buffered.</summary>
public sealed class StreamCancellationTests
{
    [Fact]
    public async Task CancellingBetweenUpdates_StopsTheStream_EvenWithEventsAlreadyBuffered()
    {
        // The whole stream is in memory: every event is buffered before the caller sees the first update.
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Sse(Fixtures.Read("greenpt-stream-basic.sse"))));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var updates = new List<ChatResponseUpdate>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("Hi", cancellationToken: cancel.Token))
            {
                updates.Add(update);
                await cancel.CancelAsync();
            }
        });

        Assert.Equal("Hello", Assert.Single(updates).Text);
    }
}
