using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using GreenPT.AI.Diagnostics;
using GreenPT.AI.Http;
using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace GreenPT.AI;

/// <summary>
/// An <see cref="IChatClient"/> for GreenPT's chat completions API, non-streaming and streaming, that reports the
/// energy, emissions and inference time of every request.
/// </summary>
/// <remarks>
/// <para>Read the impact with <c>GetGreenPTImpact()</c> on the response, its message or the final streaming update; it is also
/// summed into <see cref="UsageDetails.AdditionalCounts"/> (see <see cref="GreenPTUsageCounts"/>).</para>
/// <para>Reasoning comes back as <see cref="TextReasoningContent"/>. Control it with <see cref="ChatOptions.Reasoning"/>,
/// <see cref="GreenPTPropertyNames.OpenAIReasoningEffort"/> or <see cref="GreenPTClientOptions.DefaultReasoningEffort"/>.
/// Reasoning models think by default: with a small <see cref="ChatOptions.MaxOutputTokens"/> the answer may be empty with
/// <see cref="ChatFinishReason.Length"/>.</para>
/// <para><c>green-l</c> and <c>green-r</c> use GreenPT's own system prompt and ignore yours; their <c>-raw</c> variants do not.</para>
/// <para>Requests that could not succeed are refused before anything is sent: no messages (and no
/// <see cref="ChatOptions.Instructions"/>) throws an <see cref="ArgumentException"/> naming <c>messages</c>; an empty or blank
/// <see cref="ChatOptions.ModelId"/> one naming <c>options</c>. Whatever the server sends back, the caller gets the answer or one
/// <see cref="GreenPTException"/>: values the client cannot use are dropped where that loses nothing of the answer (a timestamp in
/// milliseconds, token counts past <see cref="long"/>, an impact figure of NaN, a blank role), text with invalid UTF-8 or half a
/// surrogate pair keeps U+FFFD in their place, and an answer that cannot be read whole fails with a message naming what was wrong.</para>
/// <para>The client is thread-safe. Dispose it to release an <see cref="HttpClient"/> it created; one passed in is left alone.</para>
/// </remarks>
public sealed class GreenPTChatClient : IChatClient
{
    private readonly GreenPTClientCore _core;
    private readonly Uri _chatCompletionsUri;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates a client for GreenPT's production API with the default settings (model <see cref="GreenPTModels.DefaultChat"/>).</summary>
    /// <param name="apiKey">The API key from account.greenpt.ai.</param>
    /// <exception cref="ArgumentNullException"><paramref name="apiKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty or has white space around it.</exception>
    public GreenPTChatClient(string apiKey)
        : this(new GreenPTClientOptions { ApiKey = Throw.IfInvalidKey(apiKey) })
    {
    }

    /// <summary>Creates a client from settings, which it copies.</summary>
    /// <param name="options">The settings; <see cref="GreenPTClientOptions.ApiKey"/> is required.</param>
    /// <param name="httpClient">
    /// The <see cref="HttpClient"/> to send with (its <see cref="HttpClient.Timeout"/> applies too: set it to
    /// <see cref="Timeout.InfiniteTimeSpan"/>); when <see langword="null"/> the client creates and owns one.
    /// </param>
    /// <param name="loggerFactory">
    /// Where to log one line per request (Debug when it completes, Warning when it fails: model, status, duration, request id,
    /// attempts, impact), and request and response contents at Trace when <see cref="GreenPTClientOptions.LogMessageContents"/> is on;
    /// <see langword="null"/> for nowhere.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public GreenPTChatClient(GreenPTClientOptions options, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
    {
        _core = new GreenPTClientCore(Throw.IfNull(options), httpClient, loggerFactory, typeof(GreenPTChatClient));
        _chatCompletionsUri = _core.Resolve("chat/completions");
        _metadata = new ChatClientMetadata("greenpt", _core.Options.Endpoint, _core.Options.DefaultModelId);
    }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        _core.ThrowIfDisposed();
        return SendAsync(MapRequest(messages, options, stream: false), DropsReasoning(options), options?.AdditionalProperties, cancellationToken);
    }

    private async Task<ChatResponse> SendAsync(
        ChatCompletionRequest request, bool dropReasoning, AdditionalPropertiesDictionary? properties, CancellationToken cancellationToken)
    {
        using PooledJsonBody body = PooledJsonBody.Write(request, ChatRequestWriter.Write);
        RequestTelemetry telemetry = _core.StartTelemetry("chat", ExtraBodyMapper.ModelOf(request.Model, request), body.Bytes, properties);
        return await _core.ExchangeAsync<ChatCompletionResponse, ChatResponse>(
            _chatCompletionsUri, body.Bytes, GreenPTJsonContext.Default.ChatCompletionResponse, telemetry,
            dropReasoning ? MapCompletionWithoutReasoning : MapCompletion, cancellationToken).ConfigureAwait(false);
    }

    private static MappedAnswer<ChatResponse> MapCompletion(ChatCompletionResponse completion, GreenPTResponse response, RequestTelemetry telemetry) =>
        Map(completion, response, telemetry, dropReasoning: false);

    private static MappedAnswer<ChatResponse> MapCompletionWithoutReasoning(ChatCompletionResponse completion, GreenPTResponse response, RequestTelemetry telemetry) =>
        Map(completion, response, telemetry, dropReasoning: true);

    private static MappedAnswer<ChatResponse> Map(ChatCompletionResponse completion, GreenPTResponse response, RequestTelemetry telemetry, bool dropReasoning)
    {
        ChatResponse chatResponse = ChatResponseMapper.FromChatCompletion(completion, dropReasoning);
        AddCreditBalance(chatResponse.AdditionalProperties ??= [], response.Message);
        telemetry.AppendText(telemetry.CollectsText ? chatResponse.Text : null);
        return new(chatResponse, chatResponse.ResponseId, chatResponse.ModelId, chatResponse.GetGreenPTImpact());
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _core.ThrowIfDisposed();
        ChatCompletionRequest request = MapRequest(messages, options, stream: true);
        // A stream can stay open for minutes: its request goes out from an array of its own, which the collector frees once nothing
        // reads it, rather than from a pooled buffer held for the stream's life (a thousand open streams would empty the shared
        // pool) or returned when the response arrives (a handler that hedges may still be sending a losing attempt from it). A
        // body too large for a cheap copy (a long history: the copy would go to the large object heap) keeps its pooled buffer
        // until the stream ends.
        PooledJsonBody written = PooledJsonBody.Write(request, ChatRequestWriter.Write);
        using PooledJsonBody? heldForTheStream = written.Bytes.Count > OwnedStreamingBodyLimit ? written : null;
        ArraySegment<byte> body = heldForTheStream?.Bytes ?? TakeOwnedCopy(written);

        RequestTelemetry telemetry = _core.StartTelemetry(
            "chat", ExtraBodyMapper.ModelOf(request.Model, request), body, options?.AdditionalProperties);
        try
        {
            using GreenPTResponse response = await SendStreamingAsync(body, telemetry, cancellationToken).ConfigureAwait(false);
            using Stream stream = await response.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
            response.StopTimeout();

            using var idle = new StreamIdleLimit(_core.Options.StreamIdleTimeout, cancellationToken);
            var assembler = new ChatStreamAssembler(DropsReasoning(options));
            bool sawDone = false;
            await using (IAsyncEnumerator<SseItem<ChatCompletionResponse?>> events =
                SseParser.Create(stream, new ChatChunkParser(reuseObjects: true).Parse).EnumerateAsync(idle.Token).GetAsyncEnumerator(idle.Token))
            {
                while (true)
                {
                    // A caller who cancelled gets no further update, even one whose event was already buffered.
                    cancellationToken.ThrowIfCancellationRequested();

                    // Inlined rather than a helper method: one async layer less per event on the hot path.
                    bool moved;
                    idle.Start();
                    try
                    {
                        moved = await events.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex) when (TranslateStreamFailure(ex, response.Message, cancellationToken) is { } translated)
                    {
                        throw telemetry.Failed(translated);
                    }
                    catch (Exception ex) when (telemetry.Observe(ex))
                    {
                        throw; // never reached: Observe only records
                    }
                    finally
                    {
                        idle.Stop();
                    }

                    if (!moved)
                    {
                        break;
                    }

                    ChatCompletionResponse? chunk = events.Current.Data;
                    if (ReferenceEquals(chunk, ChatChunkParser.Done))
                    {
                        sawDone = true;
                        break;
                    }

                    if (chunk is null)
                    {
                        continue;
                    }

                    if (chunk.Error is { } error)
                    {
                        throw telemetry.Failed(GreenPTErrors.FromStreamError(error, chunk.RequestId ?? response.RequestId, _core.Options.ApiKey));
                    }

                    ChatResponseUpdate? update;
                    try
                    {
                        update = assembler.Add(chunk);
                    }
                    catch (Exception ex) when (GreenPTErrors.IsUnreadableAnswer(ex))
                    {
                        throw telemetry.Failed(StreamUnreadable("The GreenPT stream sent an event the client could not map", ex, response.Message));
                    }

                    if (update is not null)
                    {
                        telemetry.AppendText(telemetry.CollectsText ? update.Text : null);
                        yield return update;
                    }
                }
            }

            if (!sawDone && !assembler.HasFinished)
            {
                throw telemetry.Failed(new GreenPTException("The GreenPT stream ended before it was complete: no finish reason and no [DONE] arrived.")
                {
                    RequestId = response.RequestId,
                });
            }

            ChatResponseUpdate? final;
            try
            {
                final = assembler.Complete();
            }
            catch (Exception ex) when (GreenPTErrors.IsUnreadableAnswer(ex))
            {
                throw telemetry.Failed(StreamUnreadable("The GreenPT stream ended with figures the client could not map", ex, response.Message));
            }

            if (final is not null)
            {
                AddCreditBalance(final.AdditionalProperties ??= [], response.Message);
            }

            telemetry.Completed(response, final?.ResponseId, final?.ModelId, final?.GetGreenPTImpact());
            if (final is not null)
            {
                yield return final;
            }
        }
        finally
        {
            telemetry.EndIfOpen();
        }
    }

    /// <inheritdoc />
    /// <remarks>Answers <see cref="ChatClientMetadata"/> (provider <c>greenpt</c>), the client itself and its <see cref="GreenPTClientOptions"/> (a copy without the API key).</remarks>
    public object? GetService(Type serviceType, object? serviceKey = null) => _core.GetService(serviceType, serviceKey, _metadata, this);

    /// <inheritdoc />
    public void Dispose() => _core.Dispose();

    /// <summary>Describes the client without its API key.</summary>
    public override string ToString() => _core.Describe(_core.Options.DefaultModelId);

    private ChatCompletionRequest MapRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        ChatCompletionRequest request = ChatRequestMapper.ToChatCompletionRequest(
            Throw.IfNull(messages), options, _core.Options, stream, options?.RawRepresentationFactory?.Invoke(this), out string? effortAdjustment);
        if (effortAdjustment is not null)
        {
            GreenPTLog.ReasoningEffortAdjusted(_core.Logger, effortAdjustment);
        }

        return request;
    }

    /// <summary>Whether the caller asked for no reasoning in what they receive (<see cref="ReasoningOutput.None"/>).</summary>
    private static bool DropsReasoning(ChatOptions? options) => options?.Reasoning?.Output == ReasoningOutput.None;

    /// <summary>The largest streaming request body sent from an owned copy (below the large object heap's threshold).</summary>
    private const int OwnedStreamingBodyLimit = 64 * 1024;

    /// <summary>A copy of <paramref name="written"/>'s bytes in an array of their own; its pooled buffer goes back at once.</summary>
    private static ArraySegment<byte> TakeOwnedCopy(PooledJsonBody written)
    {
        using (written)
        {
            return written.ToOwnedBytes();
        }
    }

    private async Task<GreenPTResponse> SendStreamingAsync(ArraySegment<byte> body, RequestTelemetry telemetry, CancellationToken cancellationToken)
    {
        try
        {
            return await _core.Sender.SendAsync(_chatCompletionsUri, body, streaming: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (telemetry.Observe(ex))
        {
            throw; // never reached: Observe only records
        }
    }

    /// <summary>The exception to raise for a failure while reading the stream, or <see langword="null"/> to let it pass as it is.</summary>
    private Exception? TranslateStreamFailure(Exception exception, HttpResponseMessage response, CancellationToken cancellationToken) => exception switch
    {
        _ when cancellationToken.IsCancellationRequested => null,
        OperationCanceledException => new TimeoutException(
            $"The GreenPT stream was silent for longer than GreenPTClientOptions.StreamIdleTimeout ({_core.Options.StreamIdleTimeout}).", exception),
        JsonException => StreamUnreadable("The GreenPT stream sent an event that is not valid JSON of the expected shape", exception, response),
        _ when GreenPTErrors.IsTransportFailure(exception) => new GreenPTException(
            $"The GreenPT stream was interrupted before it was complete: {_core.Sender.Redact(exception.Message)}", exception)
        {
            RequestId = GreenPTErrors.RequestIdHeader(response),
        },
        _ when GreenPTErrors.IsUnreadableAnswer(exception) => StreamUnreadable("The GreenPT stream sent an event the client could not read", exception, response),
        _ => null,
    };

    /// <summary>
    /// A stream failure the server caused with what it sent after its 200: like every failure inside a stream, without a
    /// <see cref="GreenPTException.StatusCode"/>, with the request id of the response.
    /// </summary>
    private GreenPTException StreamUnreadable(string what, Exception exception, HttpResponseMessage response)
    {
        GreenPTException unreadable = GreenPTErrors.Unreadable(what, exception, response, _core.Options.ApiKey);
        return new GreenPTException(unreadable.Message, exception) { RequestId = unreadable.RequestId, CreditBalance = unreadable.CreditBalance };
    }

    private static void AddCreditBalance(AdditionalPropertiesDictionary properties, HttpResponseMessage response)
    {
        if (GreenPTErrors.CreditBalance(response) is { } balance)
        {
            properties[GreenPTPropertyNames.CreditBalance] = balance;
        }
    }
}
