using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace GreenPT.AI.Tests.Infrastructure;

/// <summary>A request as the handler saw it, with its body already read.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri? Uri, HttpRequestHeaders Headers, string Body)
{
    /// <summary>The body's bytes, for bodies that are not text (audio).</summary>
    public byte[] BodyBytes { get; init; } = [];

    /// <summary>The body's media type, if it had one.</summary>
    public string? ContentType { get; init; }
}

/// <summary>
/// An in-memory HTTP handler: records every request and answers each with the next scripted response
/// (the last one repeats). No sockets: HTTP behaviour over real connections is tested in the integration tests.
/// </summary>
internal sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly List<Func<HttpResponseMessage>> _responses;
    private int _next;

    public ScriptedHandler(params Func<HttpResponseMessage>[] responses) => _responses = [.. responses];

    public List<RecordedRequest> Requests { get; } = [];

    public static Func<HttpResponseMessage> Json(string body, HttpStatusCode status = HttpStatusCode.OK, params (string Name, string Value)[] headers) =>
        () => WithHeaders(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") }, headers);

    public static Func<HttpResponseMessage> Text(string body, string mediaType, HttpStatusCode status, params (string Name, string Value)[] headers) =>
        () => WithHeaders(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) }, headers);

    public static Func<HttpResponseMessage> Sse(string body, params (string Name, string Value)[] headers) =>
        Sse(() => new MemoryStream(Encoding.UTF8.GetBytes(body)), headers);

    public static Func<HttpResponseMessage> Sse(Func<Stream> body, params (string Name, string Value)[] headers) =>
        () =>
        {
            var content = new StreamContent(body());
            content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
            return WithHeaders(new HttpResponseMessage(HttpStatusCode.OK) { Content = content }, headers);
        };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        byte[] bytes = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Requests.Add(new RecordedRequest(request.Method, request.RequestUri, request.Headers, Encoding.UTF8.GetString(bytes))
        {
            BodyBytes = bytes,
            ContentType = request.Content?.Headers.ContentType?.ToString(),
        });
        Func<HttpResponseMessage> respond = _responses[Math.Min(_next++, _responses.Count - 1)];
        HttpResponseMessage response = respond();
        response.RequestMessage = request;
        return response;
    }

    private static HttpResponseMessage WithHeaders(HttpResponseMessage response, (string Name, string Value)[] headers)
    {
        foreach ((string name, string value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
