using System.Net.Http.Headers;
using System.Text;

namespace GreenPT.AI.Emulator.Tests;

/// <summary>Plain HttpClient helpers; the tests talk to the emulator only over loopback HTTP.</summary>
internal static class TestSupport
{
    public const string Key = "test-key";

    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<GreenPTEmulator> StartAsync(GreenPTEmulatorOptions? options = null)
        => GreenPTEmulator.StartAsync(options, Ct).WaitAsync(Bound, Ct);

    public static HttpClient Client(GreenPTEmulator emulator, string? key = Key)
    {
        var client = new HttpClient { BaseAddress = emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public static string Expected(string userText) => $"You said: \"{userText}\". This answer comes from the GreenPT emulator.";

    /// <summary>A chat request body; <paramref name="configure"/> adds fields.</summary>
    public static string Chat(string model, string userText, Action<JsonObject>? configure = null)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = userText }),
        };
        configure?.Invoke(body);
        return body.ToJsonString();
    }

    public static HttpRequestMessage Post(string path, string json, string? fault = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (fault is not null)
        {
            request.Headers.Add(EmulatorFault.HeaderName, fault);
        }

        return request;
    }

    public static async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request, Ct).WaitAsync(Bound, Ct);
        string body = await response.Content.ReadAsStringAsync(Ct).WaitAsync(Bound, Ct);
        return (response, body);
    }

    public static async Task<(HttpResponseMessage Response, JsonNode Json)> PostJsonAsync(HttpClient client, string path, string json, string? fault = null)
    {
        var (response, body) = await SendAsync(client, Post(path, json, fault));
        return (response, JsonNode.Parse(body)!);
    }

    /// <summary>Sends a request and returns as soon as the headers are in, with an SSE reader over the body.</summary>
    public static Task<(HttpResponseMessage Response, SseReader Reader)> OpenStreamAsync(HttpClient client, string json, string? fault = null)
        => OpenStreamUntilAsync(client, json, fault, Ct);

    /// <summary>Like <see cref="OpenStreamAsync"/>, with a token the test cancels itself to abort the response.</summary>
    public static async Task<(HttpResponseMessage Response, SseReader Reader)> OpenStreamUntilAsync(
        HttpClient client, string json, string? fault, CancellationToken ct)
    {
        var response = await client.SendAsync(Post("chat/completions", json, fault), HttpCompletionOption.ResponseHeadersRead, ct).WaitAsync(Bound, ct);
        var stream = await response.Content.ReadAsStreamAsync(ct).WaitAsync(Bound, ct);
        return (response, new SseReader(stream));
    }

    /// <summary>Reads every event's data until the end of the stream.</summary>
    public static async Task<List<string>> ReadAllAsync(SseReader reader)
    {
        var events = new List<string>();
        while (await reader.ReadEventAsync(Ct).WaitAsync(Bound, Ct) is { } data)
        {
            events.Add(data);
        }

        return events;
    }

    public static void AssertGreenPTError(JsonNode json, int code, string type, string? param)
    {
        var error = json["error"]!.AsObject();
        Assert.Equal(System.Text.Json.JsonValueKind.Number, JsonValueKind(error["code"]));
        Assert.Equal(code, error["code"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        Assert.Equal(type, error["type"]!.GetValue<string>());
        Assert.True(error.ContainsKey("param"));
        Assert.Equal(param, error["param"]?.GetValue<string>());
        Assert.StartsWith("req_", json["requestId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    public static System.Text.Json.JsonValueKind JsonValueKind(JsonNode? node) => node?.GetValueKind() ?? System.Text.Json.JsonValueKind.Null;

    public static string Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
            : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
            : throw new Xunit.Sdk.XunitException($"Missing header {name}.");

    /// <summary>A golden fixture from <c>tests/GreenPT.AI.Tests/Fixtures</c>, copied beside the tests.</summary>
    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}

/// <summary>A minimal SSE reader: returns each event's data (multi-line data joined by a line feed), null at the end.</summary>
internal sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    public async Task<string?> ReadEventAsync(CancellationToken cancellationToken)
    {
        StringBuilder? data = null;
        while (true)
        {
            string? line = await _reader.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return data?.ToString();
            }

            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return data.ToString();
                }

                continue;
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                string value = line.Length > 5 && line[5] == ' ' ? line[6..] : line[5..];
                if (data is null)
                {
                    data = new StringBuilder(value);
                }
                else
                {
                    data.Append('\n').Append(value);
                }
            }
        }
    }

    public void Dispose() => _reader.Dispose();
}
