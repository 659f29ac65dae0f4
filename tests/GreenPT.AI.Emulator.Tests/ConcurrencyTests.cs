using System.Net;
using System.Text;
using static GreenPT.AI.Emulator.Tests.TestSupport;

namespace GreenPT.AI.Emulator.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Fifty_concurrent_streams_each_get_their_own_text()
    {
        const int Streams = 50;
        await using var emulator = await StartAsync(new GreenPTEmulatorOptions { TokenDelay = TimeSpan.FromMilliseconds(1) });
        using var client = Client(emulator);

        async Task<(string Text, string Content, string Id)> RunAsync(int i)
        {
            string text = $"request number {i} with marker {Guid.NewGuid():N}";
            var (response, reader) = await OpenStreamAsync(client, Chat(i % 2 == 0 ? "green-l" : "gemma4", text, b => b["stream"] = true));
            using var _ = reader;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var content = new StringBuilder();
            var ids = new HashSet<string>();
            foreach (string data in await ReadAllAsync(reader))
            {
                if (data == "[DONE]")
                {
                    continue;
                }

                var chunk = JsonNode.Parse(data)!;
                ids.Add(chunk["id"]!.GetValue<string>());
                var choices = chunk["choices"]!.AsArray();
                if (choices.Count > 0)
                {
                    content.Append(choices[0]!["delta"]!["content"]?.GetValue<string>());
                }
            }

            return (text, content.ToString(), Assert.Single(ids));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, Streams).Select(i => Task.Run(() => RunAsync(i), Ct))).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.All(results, r => Assert.Equal(Expected(r.Text), r.Content));
        Assert.Equal(Streams, results.Select(r => r.Id).Distinct().Count());
        Assert.Equal(Streams, emulator.RequestCount);
        Assert.Equal(Streams, emulator.ChatRequests.Count);
    }
}
