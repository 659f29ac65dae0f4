using Microsoft.Extensions.AI;

namespace GreenPT.AI.NetFrameworkChecks;

/// <summary>Creates the clients of one run: on its stack, against the emulator, with an <c>X-Emulator-Fault</c> header when asked.</summary>
internal sealed class CheckContext(Stack stack, Uri endpoint, string apiKey)
{
    private const string FaultHeader = "X-Emulator-Fault";

    public GreenPTChatClient Chat(Action<GreenPTClientOptions>? configure = null, string? fault = null, Uri? endpoint = null) =>
        new(Options(configure), Http(fault, endpoint));

    public GreenPTEmbeddingGenerator Embeddings(Action<GreenPTClientOptions>? configure = null, string? fault = null) =>
        new(Options(configure), Http(fault));

    public GreenPTModelCatalog Models(Action<GreenPTClientOptions>? configure = null, string? fault = null) =>
        new(Options(configure), Http(fault));

    /// <summary>Opens the emulator's gate for the stream that was sent the prompt <c>hold:ID</c>.</summary>
    public async Task ReleaseAsync(string id)
    {
        using var client = new GreenPTChatClient(Options(null), Http(null));
        _ = await client.GetResponseAsync("release:" + id).ConfigureAwait(false);
    }

    private GreenPTClientOptions Options(Action<GreenPTClientOptions>? configure)
    {
        var options = new GreenPTClientOptions { ApiKey = apiKey, Endpoint = endpoint, RetryDelay = TimeSpan.FromMilliseconds(10) };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>
    /// The caller's <see cref="HttpClient"/> on the run's stack, or <see langword="null"/> for the client's own. The client
    /// disposes neither a caller's HttpClient nor its handler; this process ends after the run, which releases them.
    /// </summary>
    private HttpClient? Http(string? fault, Uri? server = null)
    {
        if (stack == Stack.Own)
        {
            return fault is null ? null : throw new InvalidOperationException("The client's own HttpClient cannot send a fault header.");
        }

        var http = new HttpClient(Stacks.CreateHandler(stack, server ?? endpoint)) { Timeout = Timeout.InfiniteTimeSpan };
        if (fault is not null)
        {
            http.DefaultRequestHeaders.Add(FaultHeader, fault);
        }

        return http;
    }
}

/// <summary>A check's expectation that did not hold.</summary>
internal sealed class CheckFailedException(string message) : Exception(message);
