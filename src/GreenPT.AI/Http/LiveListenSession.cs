using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Http;

/// <summary>
/// One live transcription over a websocket: sends the audio in binary frames while it reads the server's messages, then
/// <c>{"type":"CloseStream"}</c>; turns each message into an update. Every failure becomes a <see cref="GreenPTException"/> or a
/// <see cref="TimeoutException"/> naming the setting; the key never appears.
/// </summary>
internal sealed class LiveListenSession : IDisposable
{
    private const int FrameBytes = 8192;
    private static readonly byte[] CloseStream = Encoding.UTF8.GetBytes("{\"type\":\"CloseStream\"}");

    private readonly ClientWebSocket _socket = new();
    private readonly GreenPTClientOptions _options;
    private readonly Uri _uri;
    private readonly string _model;
    private readonly CancellationTokenSource _stop;
    private Task? _sending;
    private string? _requestId;

    public LiveListenSession(GreenPTClientOptions options, Uri uri, string model, CancellationToken cancellationToken)
    {
        _options = options;
        _uri = uri;
        _model = model;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _socket.Options.SetRequestHeader("Authorization", "Token " + options.ApiKey);
#if NET
        _socket.Options.CollectHttpResponseDetails = true; // the status of a refused handshake
#endif
    }

    /// <summary>The <c>ws</c>/<c>wss</c> address of <paramref name="listenUri"/> with <paramref name="query"/>.</summary>
    public static Uri WebSocketUri(Uri listenUri, string query)
    {
        var builder = new UriBuilder(listenUri) { Query = query };
        builder.Scheme = listenUri.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        return builder.Uri;
    }

    /// <summary>Connects within <see cref="GreenPTClientOptions.ResponseTimeout"/> and starts sending <paramref name="head"/>, then the rest of <paramref name="audio"/>.</summary>
    public async Task<SpeechToTextResponseUpdate> OpenAsync(byte[] head, Stream audio, CancellationToken cancellationToken)
    {
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.ResponseTimeout != Timeout.InfiniteTimeSpan)
        {
            connect.CancelAfter(_options.ResponseTimeout);
        }

        try
        {
            await _socket.ConnectAsync(_uri, connect.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"GreenPT did not accept the live transcription within GreenPTClientOptions.ResponseTimeout ({_options.ResponseTimeout}).", ex);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException)
        {
            System.Net.HttpStatusCode? status = HttpStatus();
            string statusText = status is { } code ? $" (HTTP {(int)code})" : string.Empty;
            throw new GreenPTException(
                $"Could not open the live transcription at {_uri.GetLeftPart(UriPartial.Path)}: {GreenPTErrors.Redact(ex.Message, _options.ApiKey)}{statusText}", ex)
            {
                StatusCode = status,
            };
        }

        _sending = SendAsync(head, audio, _stop.Token);
        return new SpeechToTextResponseUpdate { Kind = SpeechToTextResponseUpdateKind.SessionOpen, ModelId = _model };
    }

    /// <summary>The next update, or <see langword="null"/> when the server closed the stream.</summary>
    public async Task<SpeechToTextResponseUpdate?> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            byte[]? message = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (message is null)
            {
                await SendingDoneAsync().ConfigureAwait(false);
                return new SpeechToTextResponseUpdate { Kind = SpeechToTextResponseUpdateKind.SessionClose, ResponseId = _requestId, ModelId = _model };
            }

            LiveListenMessage parsed;
            try
            {
                parsed = JsonSerializer.Deserialize(message, GreenPTJsonContext.Default.LiveListenMessage) ?? new LiveListenMessage();
            }
            catch (JsonException ex)
            {
                throw new GreenPTException($"GreenPT sent a live transcription message that is not valid JSON of the expected shape: {GreenPTErrors.Redact(ex.Message, _options.ApiKey)}", ex);
            }

            if (ListenMapper.FromLiveMessage(parsed, _model, ref _requestId) is { } update)
            {
                return update;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task<byte[]?> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.StreamIdleTimeout != Timeout.InfiniteTimeSpan)
        {
            idle.CancelAfter(_options.StreamIdleTimeout);
        }

        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                WebSocketReceiveResult result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer), idle.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (result.CloseStatus is { } status && status != WebSocketCloseStatus.NormalClosure)
                    {
                        throw new GreenPTException($"GreenPT closed the live transcription: {(int)status} {GreenPTErrors.Redact(result.CloseStatusDescription ?? string.Empty, _options.ApiKey)}".TrimEnd());
                    }

                    return null;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return message.ToArray();
                }
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"GreenPT sent nothing on the live transcription within GreenPTClientOptions.StreamIdleTimeout ({_options.StreamIdleTimeout}).", ex);
        }
        catch (WebSocketException ex)
        {
            throw new GreenPTException($"The live transcription broke off: {GreenPTErrors.Redact(ex.Message, _options.ApiKey)}", ex);
        }
    }

    private async Task SendAsync(byte[] head, Stream audio, CancellationToken cancellationToken)
    {
        await _socket.SendAsync(new ArraySegment<byte>(head), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        var frame = new byte[FrameBytes];
        int read;
#if NET
        while ((read = await audio.ReadAsync(frame, cancellationToken).ConfigureAwait(false)) > 0)
#else
        while ((read = await audio.ReadAsync(frame, 0, frame.Length, cancellationToken).ConfigureAwait(false)) > 0)
#endif
        {
            await _socket.SendAsync(new ArraySegment<byte>(frame, 0, read), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }

        await _socket.SendAsync(new ArraySegment<byte>(CloseStream), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Surfaces a failure of reading the caller's audio or of sending it.</summary>
    private async Task SendingDoneAsync()
    {
        if (_sending is { } sending)
        {
            try
            {
                await sending.ConfigureAwait(false);
            }
            catch (WebSocketException)
            {
                // The server closed first: it has what it needed.
            }
        }
    }

#if NET
    private System.Net.HttpStatusCode? HttpStatus() => _socket.HttpStatusCode is 0 ? null : _socket.HttpStatusCode;
#else
    /// <summary>.NET Standard's <see cref="ClientWebSocket"/> does not expose the status of a refused handshake.</summary>
    private static System.Net.HttpStatusCode? HttpStatus() => null;
#endif
}
