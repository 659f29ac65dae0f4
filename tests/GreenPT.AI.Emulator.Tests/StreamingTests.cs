using System.Net;
using System.Text;
using static GreenPT.AI.Emulator.Tests.TestSupport;

namespace GreenPT.AI.Emulator.Tests;

public sealed class StreamingTests
{
    private static JsonNode Delta(JsonNode chunk) => chunk["choices"]![0]!["delta"]!;

    [Fact]
    public async Task Docs_style_stream_orders_role_reasoning_content_finish_with_usage_then_done()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (response, reader) = await OpenStreamAsync(client, Chat("gemma4", "Stream this please", b => b["stream"] = true));
        using var _ = reader;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = await ReadAllAsync(reader);

        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonNode.Parse(e)!).ToList();
        string id = chunks[0]["id"]!.GetValue<string>();
        Assert.StartsWith("cmpl-", id, StringComparison.Ordinal);
        Assert.All(chunks, c =>
        {
            Assert.Equal(id, c["id"]!.GetValue<string>());
            Assert.Equal("chat.completion.chunk", c["object"]!.GetValue<string>());
            Assert.Equal("gemma4", c["model"]!.GetValue<string>());
        });

        Assert.Equal("assistant", Delta(chunks[0])["role"]!.GetValue<string>());
        Assert.All(chunks.Skip(1), c => Assert.False(Delta(c).AsObject().ContainsKey("role")));

        var finish = chunks[^1];
        var deltas = chunks[..^1];
        Assert.All(deltas, c =>
        {
            Assert.NotNull(c["created"]);
            Assert.True(c["choices"]![0]!.AsObject().ContainsKey("finish_reason"));
            Assert.Null(c["choices"]![0]!["finish_reason"]);
            Assert.Null(c["usage"]);
        });

        // Every reasoning delta comes before the first content delta.
        var kinds = deltas.Select(c => Delta(c).AsObject().ContainsKey("reasoning_content") ? 'r' : Delta(c).AsObject().ContainsKey("content") ? 'c' : '?').ToArray();
        string pattern = new(kinds);
        Assert.Matches("^r+c+$", pattern);

        string reasoning = string.Concat(deltas.Select(c => Delta(c)["reasoning_content"]?.GetValue<string>()));
        string content = string.Concat(deltas.Select(c => Delta(c)["content"]?.GetValue<string>()));
        Assert.Equal(Expected("Stream this please"), content);
        Assert.Contains("Stream this please", reasoning, StringComparison.Ordinal);

        // The docs' final chunk: empty delta, finish_reason, usage and impact, and no "created".
        Assert.Equal(["id", "object", "model", "choices", "usage", "impact"], finish.AsObject().Select(p => p.Key));
        Assert.Empty(Delta(finish).AsObject());
        Assert.Equal("stop", finish["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal(deltas.Count, finish["usage"]!["completion_tokens"]!.GetValue<int>());
        Assert.Equal(kinds.Count(k => k == 'r'), finish["usage"]!["completion_tokens_details"]!["reasoning_tokens"]!.GetValue<int>());
        Assert.Equal("emulator-20250922", finish["impact"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Include_usage_moves_usage_and_impact_to_a_trailing_empty_choices_chunk()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (_, reader) = await OpenStreamAsync(client, Chat("green-l", "usage please", b =>
        {
            b["stream"] = true;
            b["stream_options"] = new JsonObject { ["include_usage"] = true };
        }));
        using var _ = reader;
        var events = await ReadAllAsync(reader);

        Assert.Equal("[DONE]", events[^1]);
        var usageChunk = JsonNode.Parse(events[^2])!;
        var finish = JsonNode.Parse(events[^3])!;

        Assert.Empty(usageChunk["choices"]!.AsArray());
        Assert.NotNull(usageChunk["created"]);
        Assert.Equal(2, usageChunk["usage"]!["prompt_tokens"]!.GetValue<int>());
        Assert.NotNull(usageChunk["impact"]!["energy"]!["total"]);
        Assert.False(usageChunk["usage"]!.AsObject().ContainsKey("completion_tokens_details"));

        Assert.Equal("stop", finish["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.NotNull(finish["created"]);
        Assert.Null(finish["usage"]);
        Assert.Null(finish["impact"]);

        var contentChunks = events[..^3].Select(e => JsonNode.Parse(e)!).ToList();
        Assert.Equal(contentChunks.Count, usageChunk["usage"]!["completion_tokens"]!.GetValue<int>());
        Assert.All(contentChunks, c => Assert.False(Delta(c).AsObject().ContainsKey("reasoning_content")));
        Assert.Equal(Expected("usage please"), string.Concat(contentChunks.Select(c => Delta(c)["content"]!.GetValue<string>())));
        Assert.Equal("You", Delta(contentChunks[0])["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stream_matches_the_docs_fixture_framing()
    {
        string path = FixturePath("greenpt-stream-basic.sse");
        string golden = await File.ReadAllTextAsync(path, Ct);

        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var response = await client.SendAsync(Post("chat/completions", Chat("green-l", "Hello", b => b["stream"] = true)), Ct).WaitAsync(Bound, Ct);
        string raw = await response.Content.ReadAsStringAsync(Ct).WaitAsync(Bound, Ct);

        // Same framing as the fixture: "data: <json>\n\n" events, ending with "data: [DONE]\n\n".
        Assert.EndsWith("data: [DONE]\n\n", golden, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", raw, StringComparison.Ordinal);
        Assert.All(raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries), e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        var goldenFirst = JsonNode.Parse(golden.Split("\n\n")[0]["data: ".Length..])!;
        var first = JsonNode.Parse(raw.Split("\n\n")[0]["data: ".Length..])!;
        Assert.Equal(goldenFirst.AsObject().Select(p => p.Key), first.AsObject().Select(p => p.Key));
        Assert.Equal(Delta(goldenFirst).AsObject().Select(p => p.Key), Delta(first).AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Max_tokens_ends_the_stream_with_length()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (_, reader) = await OpenStreamAsync(client, Chat("green-r", "cut me short", b =>
        {
            b["stream"] = true;
            b["max_tokens"] = 4;
        }));
        using var _ = reader;
        var events = await ReadAllAsync(reader);
        var finish = JsonNode.Parse(events[^2])!;
        Assert.Equal("length", finish["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal(4, finish["usage"]!["completion_tokens"]!.GetValue<int>());
        Assert.Equal(4 + 2, events.Count);
    }

    [Fact]
    public async Task BeforeStreamChunk_gate_holds_back_chunk_1_until_opened()
    {
        var gateReached = new TaskCompletionSource<StreamChunkContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new List<(int Index, StreamChunkKind Kind)>();
        await using var emulator = await StartAsync(new GreenPTEmulatorOptions
        {
            BeforeStreamChunk = async (context, ct) =>
            {
                lock (seen)
                {
                    seen.Add((context.ChunkIndex, context.Kind));
                }

                if (context.ChunkIndex == 1)
                {
                    gateReached.TrySetResult(context);
                    await gate.Task.WaitAsync(ct);
                }
            },
        });
        using var client = Client(emulator);
        var (_, reader) = await OpenStreamAsync(client, Chat("green-l", "gate me", b => b["stream"] = true));
        using var _ = reader;

        // Chunk 0 arrives while the emulator is parked before writing chunk 1.
        string? first = await reader.ReadEventAsync(Ct).WaitAsync(Bound, Ct);
        var context = await gateReached.Task.WaitAsync(Bound, Ct);
        Assert.False(gate.Task.IsCompleted);
        Assert.Equal("You", Delta(JsonNode.Parse(first!)!)["content"]!.GetValue<string>());
        Assert.Equal(1, context.ChunkIndex);
        Assert.Equal(StreamChunkKind.Content, context.Kind);
        Assert.Equal("gate me", context.LastUserText);
        Assert.Equal("green-l", context.Model);
        Assert.Equal(JsonNode.Parse(first!)!["id"]!.GetValue<string>(), context.CompletionId);

        gate.SetResult();
        var rest = await ReadAllAsync(reader);
        Assert.Equal(" said:", Delta(JsonNode.Parse(rest[0])!)["content"]!.GetValue<string>());
        Assert.Equal("[DONE]", rest[^1]);

        lock (seen)
        {
            Assert.Equal(Enumerable.Range(1, rest.Count - 1), seen.Select(s => s.Index));
            Assert.Equal(StreamChunkKind.Finish, seen[^1].Kind);
        }
    }

    [Fact]
    public async Task Token_delay_paces_chunks_and_the_answer_is_unchanged()
    {
        await using var emulator = await StartAsync(new GreenPTEmulatorOptions { TokenDelay = TimeSpan.FromMilliseconds(1) });
        using var client = Client(emulator);
        var (_, reader) = await OpenStreamAsync(client, Chat("green-l", "slowly", b => b["stream"] = true));
        using var _ = reader;
        var events = await ReadAllAsync(reader);
        string content = string.Concat(events[..^2].Select(e => Delta(JsonNode.Parse(e)!)["content"]!.GetValue<string>()));
        Assert.Equal(Expected("slowly"), content);
    }

    [Fact]
    public async Task Client_disconnect_ends_the_stream_on_the_server()
    {
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var emulator = await StartAsync(new GreenPTEmulatorOptions
        {
            BeforeStreamChunk = async (context, ct) =>
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                finally
                {
                    disconnected.TrySetResult();
                }
            },
        });
        using var client = Client(emulator);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var (response, reader) = await OpenStreamUntilAsync(client, Chat("green-l", "bye", b => b["stream"] = true), null, cts.Token);
        Assert.NotNull(await reader.ReadEventAsync(Ct).WaitAsync(Bound, Ct));
        reader.Dispose();
        response.Dispose();

        // The server observes the abort through the request's cancellation token.
        await disconnected.Task.WaitAsync(Bound, Ct);
    }

    [Fact]
    public async Task Flushes_each_event_as_written()
    {
        // With an empty pipe between chunks, each chunk must reach the client on its own.
        var gates = Enumerable.Range(0, 64).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        await using var emulator = await StartAsync(new GreenPTEmulatorOptions
        {
            BeforeStreamChunk = (context, ct) => new ValueTask(gates[context.ChunkIndex].Task.WaitAsync(ct)),
        });
        using var client = Client(emulator);
        var (_, reader) = await OpenStreamAsync(client, Chat("green-l", "one by one", b => b["stream"] = true));
        using var _ = reader;
        var text = new StringBuilder();
        for (int i = 0; ; i++)
        {
            if (i > 0)
            {
                gates[i].SetResult();
            }

            string data = (await reader.ReadEventAsync(Ct).WaitAsync(Bound, Ct))!;
            if (data == "[DONE]")
            {
                break;
            }

            text.Append(Delta(JsonNode.Parse(data)!)["content"]?.GetValue<string>());
        }

        Assert.Equal(Expected("one by one"), text.ToString());
    }
}
