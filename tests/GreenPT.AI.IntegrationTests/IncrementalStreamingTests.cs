using GreenPT.AI.Emulator;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.IntegrationTests;

/// <summary>Updates reach the caller as the server sends them, not when the stream ends.</summary>
public sealed class IncrementalStreamingTests
{
    private const string Prompt = "Stream me";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("gemma4", "The")]   // a reasoning model starts with its first reasoning token
    [InlineData("green-l", "You")]  // a plain model starts with its first content token
    public async Task FirstUpdate_ArrivesWhileTheServerHoldsTheSecondChunk(string model, string firstToken)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = new TaskCompletionSource<StreamChunkContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        int chunksAfterGate = 0;
        await using Harness harness = await Harness.StartAsync(o => o.BeforeStreamChunk = async (chunk, ct) =>
        {
            if (chunk.ChunkIndex == 1)
            {
                holding.TrySetResult(chunk);
                await gate.Task.WaitAsync(ct);
            }
            else
            {
                Interlocked.Increment(ref chunksAfterGate);
            }
        });
        using GreenPTChatClient client = harness.CreateClient();

        IAsyncEnumerator<ChatResponseUpdate> updates = client
            .GetStreamingResponseAsync(Prompt, new ChatOptions { ModelId = model }, Ct)
            .GetAsyncEnumerator(Ct);
        try
        {
            Assert.True(await Bounded.Within(updates.MoveNextAsync(), what: "The first update"));
            ChatResponseUpdate first = updates.Current;

            // The server is now blocked before writing chunk 1: the first update cannot have come from anything later.
            StreamChunkContext held = await Bounded.Within(holding.Task, what: "The server reaching chunk 1");
            Assert.Equal(1, held.ChunkIndex);
            Assert.Equal(Prompt, held.LastUserText);
            Assert.False(gate.Task.IsCompleted);
            Assert.Equal(0, Volatile.Read(ref chunksAfterGate));
            string firstText = model == "gemma4"
                ? Assert.IsType<TextReasoningContent>(Assert.Single(first.Contents)).Text
                : first.Text;
            Assert.Equal(firstToken, firstText);
            Assert.Null(first.FinishReason);

            // The next update needs chunk 1, which does not exist yet.
            Task<bool> second = updates.MoveNextAsync().AsTask();
            Assert.False(second.IsCompleted, "The second update completed while the server was still holding it back.");

            gate.SetResult();
            Assert.True(await Bounded.Within(second, what: "The second update"));
            var rest = new List<ChatResponseUpdate> { first, updates.Current };
            while (await Bounded.Within(updates.MoveNextAsync(), what: "A later update"))
            {
                rest.Add(updates.Current);
            }

            Assert.Equal(Answers.Content(Prompt), Answers.Text(rest));
            Assert.Contains(rest, u => u.FinishReason == ChatFinishReason.Stop);
            Assert.True(Volatile.Read(ref chunksAfterGate) > 0);
        }
        finally
        {
            gate.TrySetResult();
            await Bounded.Within(updates.DisposeAsync().AsTask(), what: "Disposing the stream");
        }
    }
}
