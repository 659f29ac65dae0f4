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
            if (typeof(Wire.IReadWhole).IsAssignableFrom(typeof(T)))
            {
                return await ReadWholeAsync(stream, typeInfo, timeout.Token).ConfigureAwait(false);
            }

            if (!typeof(Wire.IKeepsRawJson).IsAssignableFrom(typeof(T)))
            {
                return await System.Text.Json.JsonSerializer.DeserializeAsync(stream, typeInfo, timeout.Token).ConfigureAwait(false);
            }

            byte[] body = await ReadAllAsync(stream, timeout.Token).ConfigureAwait(false);
            T? answer = Wire.JsonStringDecoder.ReadFrom(body, typeInfo, static (bytes, type) => System.Text.Json.JsonSerializer.Deserialize(bytes, type));
            if (answer is Wire.IKeepsRawJson keeper)
            {
                keeper.Raw = new GreenPTRawJson(body, owned: true);
            }

            return answer;
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
    /// Reads the whole body into one buffer rented from the pool and deserializes it from there in one pass (see
    /// <see cref="Wire.IReadWhole"/>). The buffer is sized from <c>Content-Length</c> plus one byte, so that a body of the announced
    /// length is read without growing it; a body without one, or longer than announced (a handler that decompressed it), grows the
    /// buffer; a shorter one is parsed as it came (and fails as JSON cut short). Reads are bounded by <paramref name="cancellationToken"/>.
    /// </summary>
    private async Task<T?> ReadWholeAsync<T>(Stream stream, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        int initial = Message.Content.Headers.ContentLength is long announced and >= 0 and < WholeBodyPresizeLimit ? (int)announced + 1 : 16 * 1024;
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(initial);
        try
        {
            int length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    // Never a read into no room: it would return 0 and look like the end of the body.
                    byte[] larger = System.Buffers.ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
                    Buffer.BlockCopy(buffer, 0, larger, 0, length);
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await ReadSomeAsync(stream, buffer, length, buffer.Length - length, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return System.Text.Json.JsonSerializer.Deserialize(new ReadOnlySpan<byte>(buffer, 0, length), typeInfo);
        }
        finally
        {
            // Not cleared: the answer's bytes (vectors, usage) hold no secret, and clearing half a megabyte costs as much as reading it.
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The largest <c>Content-Length</c> trusted to size a body's buffer; a larger body still reads, growing the buffer as it comes.</summary>
    private const long WholeBodyPresizeLimit = 64 * 1024 * 1024;

    /// <summary>The whole body, in an array of its exact length (the <c>Content-Length</c> when the server sent one).</summary>
    private async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (Message.Content.Headers.ContentLength is long length and > 0 and < WholeBodyPresizeLimit)
        {
#if NET
            // Not zeroed first: every byte is read into it before it is used (a body cut short fails below).
            byte[] exact = GC.AllocateUninitializedArray<byte>((int)length);
#else
            byte[] exact = new byte[length];
#endif
            int filled = 0;
            while (filled < exact.Length)
            {
                int read = await ReadSomeAsync(stream, exact, filled, exact.Length - filled, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"The response body ended after {filled} of the {length} bytes its Content-Length announced.");
                }

                filled += read;
            }

            // A handler that changed the body (decompressed it, say) may have kept the original length: read on if there is more.
            byte[] probe = new byte[1];
            if (await ReadSomeAsync(stream, probe, 0, 1, cancellationToken).ConfigureAwait(false) == 0)
            {
                return exact;
            }

            using var rest = new MemoryStream();
            rest.Write(exact, 0, exact.Length);
            rest.Write(probe, 0, 1);
            await stream.CopyToAsync(rest, 16 * 1024, cancellationToken).ConfigureAwait(false);
            return rest.ToArray();
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, 16 * 1024, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Reads what has arrived into <paramref name="buffer"/> at <paramref name="offset"/>, at most <paramref name="count"/> bytes; 0 at the end.</summary>
    private static ValueTask<int> ReadSomeAsync(Stream stream, byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
#if NET
        stream.ReadAsync(buffer.AsMemory(offset, count), cancellationToken);
#else
        new(stream.ReadAsync(buffer, offset, count, cancellationToken));
#endif

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
