using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using static GreenPT.AI.Emulator.Tests.TestSupport;

namespace GreenPT.AI.Emulator.Tests;

public sealed class OptionsTests
{
    [Fact]
    public async Task Logger_provider_receives_request_lines_without_the_key()
    {
        var provider = new CapturingLoggerProvider();
        await using (var emulator = await StartAsync(new GreenPTEmulatorOptions { LoggerProvider = provider, ApiKey = "sk-secret-789" }))
        {
            using var client = Client(emulator, key: "sk-secret-789");
            var (ok, _) = await SendAsync(client, Post("chat/completions", Chat("green-l", "log me")));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            using var wrong = Client(emulator, key: "sk-wrong-000");
            var (denied, _) = await SendAsync(wrong, Post("chat/completions", Chat("green-l", "log me")));
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        }

        var lines = provider.Lines.ToArray();
        Assert.Contains(lines, l => l.Contains("/v1/chat/completions -> 200 (model green-l)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/v1/chat/completions -> 401", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("sk-secret-789", StringComparison.Ordinal) || l.Contains("sk-wrong-000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reasoning_field_name_can_be_switched_to_reasoning()
    {
        await using var emulator = await StartAsync(new GreenPTEmulatorOptions { ReasoningFieldName = "reasoning" });
        using var client = Client(emulator);
        var (_, json) = await PostJsonAsync(client, "chat/completions", Chat("gemma4", "think"));
        var message = json["choices"]![0]!["message"]!.AsObject();
        Assert.False(message.ContainsKey("reasoning_content"));
        Assert.Contains("think", message["reasoning"]!.GetValue<string>(), StringComparison.Ordinal);

        var (_, reader) = await OpenStreamAsync(client, Chat("gemma4", "think", b => b["stream"] = true));
        using var _ = reader;
        var first = JsonNode.Parse((await reader.ReadEventAsync(Ct).WaitAsync(Bound, Ct))!)!;
        Assert.Equal("The", first["choices"]![0]!["delta"]!["reasoning"]!.GetValue<string>());
    }

    [Fact]
    public async Task Credits_header_value_is_configurable()
    {
        await using var emulator = await StartAsync(new GreenPTEmulatorOptions { CreditsRemaining = "17.50" });
        using var client = Client(emulator);
        var response = await client.GetAsync("models", Ct).WaitAsync(Bound, Ct);
        Assert.Equal("17.50", Header(response, "x-credits-remaining"));
        Assert.False(response.Headers.Contains("x-credit-balance"));
    }

    [Fact]
    public async Task Non_streaming_drop_fault_breaks_the_body()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var send = client.SendAsync(Post("chat/completions", Chat("green-l", "drop"), "drop-mid-stream"), Ct);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => send.WaitAsync(Bound, Ct));
        Assert.True(error is HttpRequestException or IOException, error.ToString());
    }

    [Fact]
    public async Task Dispose_ends_stalled_streams_promptly()
    {
        var emulator = await StartAsync();
        using var client = Client(emulator);
        var (_, reader) = await OpenStreamAsync(client, Chat("green-l", "stuck", b => b["stream"] = true), "stall-mid-stream");
        using var _ = reader;
        Assert.NotNull(await reader.ReadEventAsync(Ct).WaitAsync(Bound, Ct));
        var next = reader.ReadEventAsync(Ct);

        await emulator.DisposeAsync().AsTask().WaitAsync(Bound, Ct);
        await Assert.ThrowsAnyAsync<IOException>(() => next.WaitAsync(Bound, Ct));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => lines.Enqueue(formatter(state, exception));
        }
    }
}
