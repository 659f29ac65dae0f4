namespace GreenPT.AI.Http;

/// <summary>A successful response and the response time limit that still bounds the reading of its body.</summary>
internal sealed class GreenPTResponse(HttpResponseMessage message, CancellationTokenSource timeout, GreenPTRequestSender sender) : IDisposable
{
    public HttpResponseMessage Message { get; } = message;

    /// <summary>Cancelled when the caller cancels or <see cref="GreenPTClientOptions.ResponseTimeout"/> elapses.</summary>
    public CancellationToken TimeoutToken => timeout.Token;

    /// <summary>The body stream, opened under the response time limit.</summary>
    public async Task<Stream> ReadBodyAsync(CancellationToken cancellationToken)
    {
        try
        {
#if NET
            return await Message.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
#else
            return await Message.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw sender.TimeoutOf(ex, timeout);
        }
    }

    /// <summary>Maps a cancellation the caller did not ask for to the time limit behind it.</summary>
    public TimeoutException TimeoutOf(OperationCanceledException exception) => sender.TimeoutOf(exception, timeout);

    /// <summary>Stops the response time limit, for a stream whose events are bounded by the idle limit instead.</summary>
    public void StopTimeout() => timeout.CancelAfter(Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        Message.Dispose();
        timeout.Dispose();
    }
}
