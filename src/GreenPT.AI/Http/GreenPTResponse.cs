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
        catch (Exception ex) when (GreenPTErrors.IsTransportFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw new GreenPTException($"The GreenPT response was interrupted before it was complete: {sender.Redact(ex.Message)}", ex)
            {
                StatusCode = Message.StatusCode,
                RequestId = RequestId,
            };
        }
    }

    /// <summary>
    /// The body stream, opened under the response time limit. Every read of it is bounded by its token, even on a stack whose
    /// streams ignore tokens (see <see cref="ResponseBodies"/>).
    /// </summary>
    public async Task<Stream> ReadBodyAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ResponseBodies.OpenAsync(Message.Content, Message, timeout.Token).ConfigureAwait(false);
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
