using System.Net;
using System.Net.Http.Headers;
using System.Reflection;

namespace GreenPT.AI.Http;

/// <summary>
/// Sends requests to GreenPT: authentication, User-Agent, the response time limit and retries. Returns a successful
/// response whose body the caller reads; turns every failure into a <see cref="GreenPTException"/> or <see cref="TimeoutException"/>.
/// </summary>
internal sealed class GreenPTRequestSender : IDisposable
{
    private static readonly ProductInfoHeaderValue UserAgent = new("GreenPT.AI", PackageVersion());

    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly GreenPTClientOptions _options;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly AuthenticationHeaderValue _tokenAuthorization;

    /// <summary>The media type of JSON bodies.</summary>
    public const string JsonContentType = "application/json";

    public GreenPTRequestSender(GreenPTClientOptions options, HttpClient? httpClient)
    {
        _options = options;
        _authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        _tokenAuthorization = new AuthenticationHeaderValue("Token", options.ApiKey);
        _ownsHttpClient = httpClient is null;
        _httpClient = httpClient ?? CreateHttpClient();
    }

    /// <summary>
    /// POSTs <paramref name="body"/> (JSON, which must stay valid until the response is disposed) to <paramref name="uri"/>, or GETs it
    /// when <paramref name="body"/> is <see langword="null"/>,
    /// retrying transient failures before any response body has been read.
    /// </summary>
    /// <returns>
    /// The successful response, with the time limit still running: it bounds the reading of a non-streaming body.
    /// The caller disposes it.
    /// </returns>
    public Task<GreenPTResponse> SendAsync(Uri uri, ArraySegment<byte>? body, bool streaming, CancellationToken cancellationToken) =>
        SendAsync(uri, body, JsonContentType, tokenAuth: false, streaming, cancellationToken);

    /// <summary>The <c>Authorization</c> value for <paramref name="tokenAuth"/>: <c>Token &lt;key&gt;</c> (speech to text, the Deepgram scheme) or <c>Bearer &lt;key&gt;</c>.</summary>
    public AuthenticationHeaderValue Authorization(bool tokenAuth) => tokenAuth ? _tokenAuthorization : _authorization;

    /// <summary>
    /// As <see cref="SendAsync(Uri, ArraySegment{byte}?, bool, CancellationToken)"/>, with the body's media type and, when
    /// <paramref name="tokenAuth"/>, the key sent as <c>Authorization: Token &lt;key&gt;</c>.
    /// </summary>
    public async Task<GreenPTResponse> SendAsync(
        Uri uri, ArraySegment<byte>? body, string contentType, bool tokenAuth, bool streaming, CancellationToken cancellationToken)
    {
        int attempt = 0;
        while (true)
        {
            attempt++;
            using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, uri);
            if (body is { } bytes)
            {
                request.Content = new ByteArrayContent(bytes.Array!, bytes.Offset, bytes.Count);
                request.Content.Headers.ContentType = contentType == JsonContentType
                    ? new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }
                    : new MediaTypeHeaderValue(contentType);
            }

            request.Headers.Authorization = Authorization(tokenAuth);
            request.Headers.UserAgent.Add(UserAgent);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(streaming ? "text/event-stream" : "application/json"));

            CancellationTokenSource timeout = StartResponseTimeout(cancellationToken);
            HttpResponseMessage? response = null;
            TimeSpan retryDelay;
            try
            {
                response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    var success = new GreenPTResponse(response, timeout, this, attempt);
                    response = null;
                    timeout = null!;
                    return success;
                }

                TimeSpan? retryAfter = GreenPTErrors.RetryAfter(response);
                if (!GreenPTErrors.IsTransient(response.StatusCode) || attempt > _options.MaxRetries || retryAfter > _options.MaxRetryDelay)
                {
                    // A server that asks for a longer wait than MaxRetryDelay would refuse an earlier retry too: the caller decides.
                    throw await GreenPTErrors.FromResponseAsync(response, _options.ApiKey, attempt, timeout.Token).ConfigureAwait(false);
                }

                retryDelay = RetryDelay(attempt, retryAfter);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw TimeoutOf(ex, timeout);
            }
            catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
            {
                bool notSent = NeverReachedTheServer(ex);
                if (!notSent || attempt > _options.MaxRetries)
                {
                    string what = notSent ? "Could not reach GreenPT at" : "The connection to GreenPT failed during the request to";
                    throw new GreenPTException($"{what} {uri.GetLeftPart(UriPartial.Authority)}{AttemptsText(attempt)}: {Redact(ex.Message)}", ex);
                }

                retryDelay = RetryDelay(attempt, null);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsPipelineFailure(ex))
            {
                bool notSent = ex is System.Net.Sockets.SocketException socket ? IsConnectFailure(socket) : IsWebConnectFailure(ex);
                if (!notSent || attempt > _options.MaxRetries)
                {
                    string what = notSent ? "Could not reach GreenPT at" : "The HTTP pipeline failed during the request to GreenPT at";
                    throw new GreenPTException($"{what} {uri.GetLeftPart(UriPartial.Authority)}{AttemptsText(attempt)}: {ex.GetType().Name}: {Redact(ex.Message)}", ex);
                }

                retryDelay = RetryDelay(attempt, null);
            }
            finally
            {
                response?.Dispose();
                timeout?.Dispose();
            }

            if (retryDelay > TimeSpan.Zero)
            {
                await Task.Delay(retryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The key, for the error readers to redact it.</summary>
    public string? ApiKey => _options.ApiKey;

    /// <summary>Removes the API key from text that came from outside.</summary>
    public string Redact(string text) => GreenPTErrors.Redact(text, _options.ApiKey);

    /// <summary>Maps a cancellation that the caller did not ask for to the time limit behind it.</summary>
    public TimeoutException TimeoutOf(OperationCanceledException exception, CancellationTokenSource? timeoutSource) =>
        timeoutSource?.IsCancellationRequested == true
            ? new TimeoutException($"GreenPT did not respond within GreenPTClientOptions.ResponseTimeout ({_options.ResponseTimeout}).", exception)
            : new TimeoutException($"The request to GreenPT timed out: HttpClient.Timeout ({_httpClient.Timeout}) elapsed.", exception);

    private CancellationTokenSource StartResponseTimeout(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.ResponseTimeout != Timeout.InfiniteTimeSpan)
        {
            source.CancelAfter(_options.ResponseTimeout);
        }

        return source;
    }

    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    /// <summary>
    /// Whether a failure happened before the request could reach the server (refused, unresolvable, TLS), so that sending it again
    /// cannot run, and bill, the same inference twice. A connection that broke after the request was sent is not retried.
    /// </summary>
    /// <remarks>
    /// The built-in handler says so in <c>HttpRequestError</c>. A custom <see cref="HttpMessageHandler"/> (or .NET before 8) throws
    /// an <see cref="HttpRequestException"/> whose error is unknown; there the cause decides, as the built-in handler would have
    /// classified it: a <see cref="System.Net.Sockets.SocketException"/> from connecting, or a failed TLS handshake.
    /// </remarks>
    private static bool NeverReachedTheServer(HttpRequestException exception)
    {
#if NET8_0_OR_GREATER
        if (exception.HttpRequestError != HttpRequestError.Unknown)
        {
            return exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
        }
#endif
        for (Exception? cause = exception.InnerException; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                case System.Net.Sockets.SocketException socket:
                    return IsConnectFailure(socket);
                case Exception web when IsWebConnectFailure(web):
                    return true; // .NET Framework's HttpWebRequest stack: its status says so, with or without a socket error under it
                case System.Security.Authentication.AuthenticationException:
                    return true;
                case IOException:
                    return false; // a socket error under an I/O error is one of reading or writing: the request may have been sent
            }
        }

        return false;
    }

    /// <summary>
    /// A failure .NET Framework's HttpWebRequest stack reports before anything of the request was sent: connecting, resolving the
    /// host or the proxy, the TLS handshake.
    /// </summary>
    /// <remarks>Only on netstandard2.0: no .NET 8+ handler throws a <see cref="WebException"/> (see <see cref="GreenPTErrors.IsWebException"/>).</remarks>
    private static bool IsWebConnectFailure(Exception exception)
    {
#if NET
        _ = exception;
        return false;
#else
        return exception is WebException
        {
            Status: WebExceptionStatus.ConnectFailure or WebExceptionStatus.NameResolutionFailure or WebExceptionStatus.ProxyNameResolutionFailure
                or WebExceptionStatus.SecureChannelFailure or WebExceptionStatus.TrustFailure,
        };
#endif
    }

    /// <summary>A socket error that only connecting raises: nothing of the request can have been sent.</summary>
    private static bool IsConnectFailure(System.Net.Sockets.SocketException socket) =>
        socket.SocketErrorCode is System.Net.Sockets.SocketError.ConnectionRefused or System.Net.Sockets.SocketError.HostNotFound
            or System.Net.Sockets.SocketError.HostUnreachable or System.Net.Sockets.SocketError.NetworkUnreachable
            or System.Net.Sockets.SocketError.TryAgain or System.Net.Sockets.SocketError.NoData
            or System.Net.Sockets.SocketError.AddressNotAvailable or System.Net.Sockets.SocketError.NetworkDown;

    /// <summary>
    /// A failure of the HTTP pipeline the caller configured that is not an <see cref="HttpRequestException"/>: a custom handler's
    /// <see cref="System.Net.Sockets.SocketException"/> or <see cref="IOException"/>, a resilience pipeline's own exceptions (a timeout or
    /// an open circuit). Usage errors (<see cref="ArgumentException"/>, <see cref="InvalidOperationException"/>, a disposed
    /// <see cref="HttpClient"/>) pass unchanged. A <see cref="WebException"/> (.NET Framework's HttpWebRequest stack) is a transport
    /// failure although it derives from <see cref="InvalidOperationException"/>.
    /// </summary>
    private static bool IsPipelineFailure(Exception exception) =>
        GreenPTErrors.IsWebException(exception) || exception is not (OperationCanceledException or GreenPTException or HttpRequestException or ArgumentException or InvalidOperationException or NotSupportedException);

    /// <summary>Exponential backoff with ±20 % jitter, or the server's <c>Retry-After</c>; never more than <see cref="GreenPTClientOptions.MaxRetryDelay"/>.</summary>
    private TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter)
    {
        double cap = _options.MaxRetryDelay.TotalMilliseconds;
        double milliseconds = retryAfter?.TotalMilliseconds
            ?? _options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)) * (0.8 + (0.4 * Jitter()));
        return TimeSpan.FromMilliseconds(Math.Min(milliseconds, cap));
    }

    private static double Jitter()
    {
#if NET
        return Random.Shared.NextDouble();
#else
        lock (SharedRandom)
        {
            return SharedRandom.NextDouble();
        }
#endif
    }

#if !NET
    private static readonly Random SharedRandom = new();
#endif

    private static string AttemptsText(int attempts) => attempts > 1 ? $" after {attempts} attempts" : string.Empty;

    private static HttpClient CreateHttpClient()
    {
#if NET
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        };
#else
        var handler = new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate };
        ConnectionLimit.TryLift(handler); // .NET Framework: 2 connections per server otherwise
#endif
        // Our own time limits replace HttpClient's fixed 100 s, which would cut long generations short.
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static string PackageVersion()
    {
        string? version = typeof(GreenPTRequestSender).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        int plus = version?.IndexOf('+') ?? -1;
        return plus > 0 ? version!.Substring(0, plus) : version ?? "0.0.0";
    }
}
