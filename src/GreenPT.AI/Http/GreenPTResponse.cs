namespace GreenPT.AI.Http;

/// <summary>A successful response and the response time limit that still bounds the reading of its body.</summary>
internal sealed class GreenPTResponse(HttpResponseMessage message, CancellationTokenSource timeout, GreenPTRequestSender sender, int attempts) : IDisposable
{
    public HttpResponseMessage Message { get; } = message;

    /// <summary>How many times the request was sent (1 when it succeeded at once).</summary>
    public int Attempts { get; } = attempts;

    /// <summary>The server's request id header, if it sent one.</summary>
    public string? RequestId => GreenPTErrors.RequestIdHeader(Message);

    /// <summary>Reads and deserializes a JSON body under the response time limit.</summary>
    public async Task<T?> ReadJsonAsync<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        try
        {
            using Stream stream = await ReadBodyAsync(cancellationToken).ConfigureAwait(false);
            return await System.Text.Json.JsonSerializer.DeserializeAsync(stream, typeInfo, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw sender.TimeoutOf(ex, timeout);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException || GreenPTErrors.IsUnreadableAnswer(ex))
        {
            throw GreenPTErrors.Unreadable("GreenPT returned a response body that is not valid JSON of the expected shape", ex, Message, sender.ApiKey);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new GreenPTException($"The GreenPT response was interrupted before it was complete: {sender.Redact(ex.Message)}", ex)
            {
                StatusCode = Message.StatusCode,
                RequestId = RequestId,
            };
        }
    }

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

    /// <summary>Stops the response time limit, for a stream whose events are bounded by the idle limit instead.</summary>
    public void StopTimeout() => timeout.CancelAfter(Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        Message.Dispose();
        timeout.Dispose();
    }
}
