using System.Text;
using Microsoft.AspNetCore.Http;

namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary>Counts <c>/v1</c> requests and keeps the requests of every JSON endpoint (chat, embeddings, rerank, the searches) as they arrived. Thread-safe.</summary>
internal sealed class RequestRecorder
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Endpoint, List<RecordedRequest>> _byEndpoint = [];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void CountRequest() => Interlocked.Increment(ref _count);

    public IReadOnlyList<RecordedRequest> Chat() => Of(Endpoint.Chat);

    public IReadOnlyList<RecordedRequest> Embeddings() => Of(Endpoint.Embeddings);

    /// <summary>The requests recorded for one endpoint, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Of(Endpoint endpoint)
    {
        lock (_lock)
        {
            return _byEndpoint.TryGetValue(endpoint, out var list) ? [.. list] : [];
        }
    }

    /// <summary>Whether the endpoint's requests carry a JSON body the recorder reads and keeps.</summary>
    public static bool HasJsonBody(Endpoint endpoint) => endpoint is Endpoint.Chat or Endpoint.Embeddings or Endpoint.Rerank or Endpoint.WebSearch or Endpoint.LinkSearch;

    /// <summary>Forgets every recorded request and sets the count back to 0.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _byEndpoint.Clear();
            Interlocked.Exchange(ref _count, 0);
        }
    }

    /// <summary>Reads the body of a POST to a JSON endpoint and records it; other requests have no body to record (empty string).</summary>
    public async Task<string> ReadAndRecordAsync(HttpRequest request, Route route, CancellationToken ct)
    {
        if (!HasJsonBody(route.Endpoint) || !route.MethodAllowed)
        {
            return string.Empty;
        }

        string body = await ReadBodyAsync(request, ct).ConfigureAwait(false);
        Record(route.Endpoint, new RecordedRequest(request.Method, route.Path, body, SnapshotHeaders(request.Headers)));

        return body;
    }

    /// <summary>Keeps one request of <paramref name="endpoint"/>.</summary>
    public void Record(Endpoint endpoint, RecordedRequest recorded)
    {
        lock (_lock)
        {
            if (!_byEndpoint.TryGetValue(endpoint, out var list))
            {
                _byEndpoint[endpoint] = list = [];
            }

            list.Add(recorded);
        }
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024, leaveOpen: true);
        return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Copies the headers; the <c>Authorization</c> value keeps only its scheme (<c>Bearer ***</c>).</summary>
    public static Dictionary<string, string> SnapshotHeaders(IHeaderDictionary headers)
    {
        var snapshot = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            snapshot[name] = string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase) ? Masked(values.ToString()) : values.ToString();
        }

        return snapshot;
    }

    private static string Masked(string authorization)
    {
        int space = authorization.IndexOf(' ', StringComparison.Ordinal);
        return (space > 0 ? authorization[..space] + " " : string.Empty) + "***";
    }
}
