using System.Globalization;
using GreenPT.AI.Emulator.Internal.Faults;
using GreenPT.AI.Emulator.Internal.Faults.Corruption;
using GreenPT.AI.Emulator.Internal.Planning.Listen;
using GreenPT.AI.Emulator.Internal.Planning.Models;
using GreenPT.AI.Emulator.Internal.Validation;
using Microsoft.AspNetCore.Http;

namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary>
/// <c>POST /v1/listen</c>, Deepgram-compatible: the audio is the body, the options are query parameters (<c>model</c>, <c>language</c>,
/// <c>punctuate</c>, <c>smart_format</c>, <c>diarize</c>, <c>encoding</c>, <c>sample_rate</c>, <c>channels</c>; others are ignored).
/// </summary>
internal static class ListenEndpoint
{
    /// <summary>The largest audio body the emulator reads.</summary>
    public const int MaxAudioBytes = 64 * 1024 * 1024;

    public static async Task HandleAsync(HttpContext context, RequestRecorder recorder, Route route, RequestState state, FaultInjector faults, CancellationToken ct)
    {
        var request = context.Request;
        recorder.Record(Endpoint.Listen, new RecordedRequest(request.Method, route.Path, request.QueryString.Value ?? string.Empty, RequestRecorder.SnapshotHeaders(request.Headers)));
        byte[] answer;
        try
        {
            var options = ReadOptions(request.Query);
            state.Model = options.Model;
            byte[] audio = await ReadAudioAsync(request, ct).ConfigureAwait(false);
            answer = Transcription.Body(Hear(audio, request.Query), options, state.RequestId);
        }
        catch (InvalidRequestException rejected)
        {
            await JsonResponses.WriteErrorAsync(context.Response, rejected.Error, state, ct).ConfigureAwait(false);
            return;
        }

        if (faults.CheckCorruptionTarget(CorruptionScope.Listen) is { } noTarget)
        {
            await JsonResponses.WriteErrorAsync(context.Response, noTarget, state, ct).ConfigureAwait(false);
            return;
        }

        await faults.WriteJsonBodyAsync(context, answer, state, ct).ConfigureAwait(false);
    }

    /// <exception cref="InvalidRequestException">An option is refused.</exception>
    public static ListenOptions ReadOptions(IQueryCollection query)
    {
        string model = query["model"].ToString() is { Length: > 0 } named ? named : "green-s";
        if (ModelCatalog.Find(model) is not { Kind: ModelKind.Speech })
        {
            throw InvalidRequestException.BadRequest($"Unsupported model for speech to text: '{model}'. Use green-s or green-s-pro.", "model");
        }

        string? language = query["language"].ToString() is { Length: > 0 } l ? l : null;
        return new ListenOptions(model, language, Flag(query, "punctuate"), Flag(query, "smart_format"), Flag(query, "diarize"));
    }

    /// <summary>The audio: a WAV file, or raw 16-bit PCM when <c>encoding=linear16</c> with a <c>sample_rate</c>.</summary>
    public static WavAudio Hear(byte[] audio, IQueryCollection query)
    {
        if (audio.Length == 0)
        {
            throw InvalidRequestException.BadRequest("No audio in the request body.", null);
        }

        string encoding = query["encoding"].ToString();
        if (encoding.Length > 0)
        {
            if (encoding != "linear16")
            {
                throw InvalidRequestException.BadRequest($"Unsupported encoding: '{encoding}'. The emulator reads raw linear16.", "encoding");
            }

            int rate = Number(query, "sample_rate") ?? throw InvalidRequestException.BadRequest("Raw audio (encoding) needs sample_rate.", "sample_rate");
            return WavAudio.FromPcm(audio, rate, Number(query, "channels") ?? 1, 16, comment: null);
        }

        return WavAudio.FromWav(audio, out string? problem) ?? throw InvalidRequestException.BadRequest(problem!, null);
    }

    public static async Task<byte[]> ReadAudioAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxAudioBytes)
            {
                throw new InvalidRequestException(new ApiError(413, "request_too_large", $"The audio is larger than the emulator's {MaxAudioBytes} bytes.", null));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool Flag(IQueryCollection query, string name) => query[name].ToString() switch
    {
        "" or "false" => false,
        "true" => true,
        _ => throw InvalidRequestException.BadRequest($"'{name}' must be true or false.", name),
    };

    private static int? Number(IQueryCollection query, string name)
    {
        string text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw InvalidRequestException.BadRequest($"'{name}' must be a positive integer.", name);
    }
}
