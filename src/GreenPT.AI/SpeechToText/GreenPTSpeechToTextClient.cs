using System.Runtime.CompilerServices;
using GreenPT.AI.Diagnostics;
using GreenPT.AI.Http;
using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace GreenPT.AI;

/// <summary>
/// An <see cref="ISpeechToTextClient"/> (MEAI's experimental speech-to-text abstraction, diagnostic <c>MEAI001</c>) for GreenPT's
/// Deepgram-compatible <c>/v1/listen</c> (default model <c>green-s</c>; <c>green-s-pro</c> too), authenticated with
/// <c>Authorization: Token &lt;key&gt;</c> as GreenPT documents for this endpoint.
/// </summary>
/// <remarks>
/// <para><b>No impact.</b> GreenPT reports no energy or emissions for speech to text (it bills per audio minute). A response therefore
/// carries no <c>impact</c> property and no impact counts in its usage: read it as "not reported", never as zero. Carbon accounting
/// that needs a figure must estimate one.</para>
/// <para><see cref="GetStreamingTextAsync"/> uses the live websocket protocol, with interim and final results as updates.
/// <see cref="GetTextAsync"/> sends a whole file or stream (<c>POST /v1/listen</c>, the audio as the body, the options as query
/// parameters). The audio is read into memory first, so that a retry can send it again. A container the client does not recognise
/// (WAV, MP3, FLAC, Ogg, WebM, MP4/M4A, AMR) is refused before sending unless <see cref="GreenPTSpeechToTextOptions.Encoding"/> names a
/// raw encoding. Errors, retries, time limits, logging and metrics are those of <see cref="GreenPTChatClient"/>.</para>
/// </remarks>
public sealed class GreenPTSpeechToTextClient : ISpeechToTextClient
{
    /// <summary>GreenPT's default speech-to-text model: <c>green-s</c>.</summary>
    public const string DefaultModelId = "green-s";

    private readonly GreenPTClientCore _core;
    private readonly Uri _listenUri;
    private readonly SpeechToTextClientMetadata _metadata;

    /// <summary>Creates a client for GreenPT's production API with the default settings.</summary>
    /// <param name="apiKey">The API key from account.greenpt.ai.</param>
    /// <exception cref="ArgumentNullException"><paramref name="apiKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty or has white space around it.</exception>
    public GreenPTSpeechToTextClient(string apiKey)
        : this(new GreenPTClientOptions { ApiKey = Throw.IfInvalidKey(apiKey) })
    {
    }

    /// <summary>Creates a client from settings, which it copies.</summary>
    /// <param name="options">The settings; <see cref="GreenPTClientOptions.ApiKey"/> is required.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with; when <see langword="null"/> the client creates and owns one.</param>
    /// <param name="loggerFactory">Where to log one line per request; <see langword="null"/> for nowhere.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public GreenPTSpeechToTextClient(GreenPTClientOptions options, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
    {
        _core = new GreenPTClientCore(Throw.IfNull(options), httpClient, loggerFactory, typeof(GreenPTSpeechToTextClient));
        _listenUri = _core.Resolve("listen");
        _metadata = new SpeechToTextClientMetadata("greenpt", _core.Options.Endpoint, _core.Options.DefaultSpeechToTextModelId);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="audioSpeechStream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The audio is empty or of a format the client does not recognise, or an option is invalid; nothing was sent.</exception>
    /// <exception cref="GreenPTException">GreenPT refused the request (with its message, status and request id) or returned an answer that cannot be used.</exception>
    /// <exception cref="TimeoutException">A time limit of <see cref="GreenPTClientOptions"/> elapsed.</exception>
    public async Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(audioSpeechStream);
        ListenMapper.Validate(options);
        _core.ThrowIfDisposed();
        string model = ModelFor(options);
        byte[] audio = await ReadAllAsync(audioSpeechStream, cancellationToken).ConfigureAwait(false);
        string contentType = ContentTypeOf(audio, options, nameof(audioSpeechStream));

        var uri = new Uri(_listenUri + "?" + ListenMapper.ToQuery(options, model));
        RequestTelemetry telemetry = _core.StartTelemetry("listen", model, new ArraySegment<byte>([]));
        string? apiKey = _core.Options.ApiKey;
        return await _core.ExchangeAsync(
            uri,
            new ArraySegment<byte>(audio),
            contentType,
            tokenAuth: true,
            GreenPTJsonContext.Default.ListenResponse,
            telemetry,
            (answer, response, _) =>
            {
                SpeechToTextResponse mapped;
                try
                {
                    mapped = ListenMapper.FromResponse(answer, model);
                }
                catch (GreenPTException ex)
                {
                    throw GreenPTErrors.Unreadable("GreenPT returned a speech-to-text answer the client cannot use", ex, response.Message, apiKey);
                }

                return new MappedAnswer<SpeechToTextResponse>(mapped, mapped.ResponseId, model, Impact: null);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Uses the live protocol (<c>wss://…/v1/listen</c>, or <c>ws://</c> under an <c>http</c> endpoint, with <c>interim_results=true</c>):
    /// the audio goes in binary frames as it is read from <paramref name="audioSpeechStream"/> (a microphone's stream works), then
    /// <c>{"type":"CloseStream"}</c>. Updates: <see cref="SpeechToTextResponseUpdateKind.SessionOpen"/> once connected; each interim result as
    /// <see cref="SpeechToTextResponseUpdateKind.TextUpdating"/> (the text so far of the current segment, replaced by the next one); each final
    /// result as <see cref="SpeechToTextResponseUpdateKind.TextUpdated"/>; <see cref="SpeechToTextResponseUpdateKind.SessionClose"/> (with the
    /// request id) when the server closes. The whole transcript is the text of the <c>TextUpdated</c> updates, in order. The connection must
    /// open within <see cref="GreenPTClientOptions.ResponseTimeout"/> and the server may stay silent at most
    /// <see cref="GreenPTClientOptions.StreamIdleTimeout"/>; a live session is not retried.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="audioSpeechStream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The audio is empty or of a format the client does not recognise, or an option is invalid; nothing was sent.</exception>
    /// <exception cref="GreenPTException">The connection was refused (with the HTTP status), closed with an error, or broke off.</exception>
    /// <exception cref="TimeoutException">A time limit of <see cref="GreenPTClientOptions"/> elapsed.</exception>
    public async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(
        Stream audioSpeechStream, SpeechToTextOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Throw.IfNull(audioSpeechStream);
        ListenMapper.Validate(options);
        _core.ThrowIfDisposed();
        string model = ModelFor(options);
        byte[] head = await ReadHeadAsync(audioSpeechStream, cancellationToken).ConfigureAwait(false);
        _ = ContentTypeOf(head, options, nameof(audioSpeechStream));

        Uri uri = LiveListenSession.WebSocketUri(_listenUri, ListenMapper.ToQuery(options, model, ("interim_results", "true")));
        using var session = new LiveListenSession(_core.Options, uri, model, cancellationToken);
        yield return await session.OpenAsync(head, audioSpeechStream, cancellationToken).ConfigureAwait(false);
        while (await session.NextAsync(cancellationToken).ConfigureAwait(false) is { } update)
        {
            yield return update;
            if (update.Kind == SpeechToTextResponseUpdateKind.SessionClose)
            {
                yield break;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Answers <see cref="SpeechToTextClientMetadata"/> (provider <c>greenpt</c>), the client itself and its <see cref="GreenPTClientOptions"/> (a copy without the API key).</remarks>
    public object? GetService(Type serviceType, object? serviceKey = null) => _core.GetService(serviceType, serviceKey, _metadata, this);

    /// <inheritdoc />
    public void Dispose() => _core.Dispose();

    /// <summary>Describes the client without its API key.</summary>
    public override string ToString() => _core.Describe(_core.Options.DefaultSpeechToTextModelId);

    private string ModelFor(SpeechToTextOptions? options) =>
        options?.ModelId ?? _core.Options.DefaultSpeechToTextModelId
        ?? throw new InvalidOperationException("No model: set SpeechToTextOptions.ModelId or GreenPTClientOptions.DefaultSpeechToTextModelId.");

    /// <exception cref="ArgumentException">The audio is empty, or neither a recognised container nor raw audio with an encoding.</exception>
    internal static string ContentTypeOf(ReadOnlySpan<byte> audio, SpeechToTextOptions? options, string parameterName)
    {
        if (audio.IsEmpty)
        {
            throw new ArgumentException("The audio is empty.", parameterName);
        }

        return ListenMapper.Encoding(options) is not null ? ListenMapper.RawAudio
            : ListenMapper.DetectFormat(audio) ?? throw new ArgumentException(
                "Unsupported audio format: the audio does not start like WAV, MP3, FLAC, Ogg, WebM, MP4/M4A or AMR. " +
                "For raw audio without a container, set GreenPTSpeechToTextOptions.Encoding (for example \"linear16\") and SpeechSampleRate.",
                parameterName);
    }

    /// <summary>The first bytes of the audio (up to 16, fewer only at its end), enough to recognise its format.</summary>
    private static async Task<byte[]> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[16];
        int filled = 0, read;
#if NET
        while (filled < head.Length && (read = await stream.ReadAsync(head.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
#else
        while (filled < head.Length && (read = await stream.ReadAsync(head, filled, head.Length - filled, cancellationToken).ConfigureAwait(false)) > 0)
#endif
        {
            filled += read;
        }

        return filled == head.Length ? head : head.AsSpan(0, filled).ToArray();
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
#if NET
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
#else
        await stream.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
#endif
        return buffer.ToArray();
    }
}
