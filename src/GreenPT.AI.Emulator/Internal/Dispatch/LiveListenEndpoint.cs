using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GreenPT.AI.Emulator.Internal.Planning.Listen;
using GreenPT.AI.Emulator.Internal.Validation;
using Microsoft.AspNetCore.Http;

namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary>
/// The live <c>/v1/listen</c> websocket (Deepgram's protocol): the client sends binary audio frames, then <c>{"type":"CloseStream"}</c>
/// (or closes); the emulator then hears the whole audio by the same rule as <c>POST /v1/listen</c> and answers, for a transcript of n
/// words, n-1 interim <c>Results</c> (<c>is_final</c> false, the first k words) and one final one, then <c>Metadata</c>, then a normal close.
/// A bad option or unreadable audio closes with 1008 (policy violation) and the error's message.
/// </summary>
internal static class LiveListenEndpoint
{
    public static async Task HandleAsync(HttpContext context, RequestRecorder recorder, Route route, RequestState state, CancellationToken ct)
    {
        var request = context.Request;
        recorder.Record(Endpoint.Listen, new RecordedRequest(request.Method, route.Path, request.QueryString.Value ?? string.Empty, RequestRecorder.SnapshotHeaders(request.Headers)));
        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        byte[] audio = await ReceiveAudioAsync(socket, ct).ConfigureAwait(false);
        ListenOptions options;
        WavAudio heard;
        try
        {
            options = ListenEndpoint.ReadOptions(context.Request.Query);
            state.Model = options.Model;
            heard = ListenEndpoint.Hear(audio, context.Request.Query);
        }
        catch (InvalidRequestException rejected)
        {
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, rejected.Error.Message, ct).ConfigureAwait(false);
            return;
        }

        string transcript = Transcription.Transcript(heard, options);
        string[] words = transcript.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (int k = 1; k <= words.Length; k++)
        {
            await SendAsync(socket, Results(words[..k], k == words.Length, heard.DurationSeconds * k / words.Length, options), ct).ConfigureAwait(false);
        }

        await SendAsync(socket, Write(w =>
        {
            w.WriteString("type", "Metadata");
            w.WriteString("request_id", state.RequestId);
            w.WriteNumber("duration", Math.Round(heard.DurationSeconds, 3));
        }), ct).ConfigureAwait(false);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct).ConfigureAwait(false);
    }

    private static byte[] Results(string[] words, bool final, double duration, ListenOptions options) => Write(w =>
    {
        w.WriteString("type", "Results");
        w.WriteBoolean("is_final", final);
        w.WriteNumber("start", 0);
        w.WriteNumber("duration", Math.Round(duration, 3));
        w.WriteStartObject("channel");
        w.WriteStartArray("alternatives");
        w.WriteStartObject();
        w.WriteString("transcript", string.Join(' ', words));
        w.WriteNumber("confidence", 0.99);
        Transcription.WriteWords(w, words, duration, options);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static async Task<byte[]> ReceiveAudioAsync(WebSocket socket, CancellationToken ct)
    {
        using var audio = new MemoryStream();
        var buffer = new byte[16 * 1024];
        using var text = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, ct).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return audio.ToArray();
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                if (audio.Length + result.Count > ListenEndpoint.MaxAudioBytes)
                {
                    return audio.ToArray();
                }

                audio.Write(buffer, 0, result.Count);
                continue;
            }

            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                bool close = Encoding.UTF8.GetString(text.ToArray()).Contains("\"CloseStream\"", StringComparison.Ordinal);
                text.SetLength(0);
                if (close)
                {
                    return audio.ToArray();
                }
            }
        }
    }

    private static Task SendAsync(WebSocket socket, byte[] message, CancellationToken ct) =>
        socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, ct);

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
