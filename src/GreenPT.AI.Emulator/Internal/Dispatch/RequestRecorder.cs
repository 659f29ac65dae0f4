using System.Text;
using Microsoft.AspNetCore.Http;

namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary>Counts <c>/v1</c> requests and keeps the chat and embeddings requests as they arrived. Thread-safe.</summary>
internal sealed class RequestRecorder
{
    private readonly Lock _lock = new();
    private readonly List<RecordedRequest> _chat = [];
    private readonly List<RecordedRequest> _embeddings = [];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void CountRequest() => Interlocked.Increment(ref _count);

    public IReadOnlyList<RecordedRequest> Chat()
    {
        lock (_lock)
        {
            return [.. _chat];
        }
    }

    public IReadOnlyList<RecordedRequest> Embeddings()
    {
        lock (_lock)
        {
            return [.. _embeddings];
        }
    }

    /// <summary>Forgets every recorded request and sets the count back to 0.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _chat.Clear();
            _embeddings.Clear();
            Interlocked.Exchange(ref _count, 0);
        }
    }

    /// <summary>Reads the body of a chat or embeddings POST and records it; other requests have no body to record (empty string).</summary>
    public async Task<string> ReadAndRecordAsync(HttpRequest request, Route route, CancellationToken ct)
    {
        if (route.Endpoint is not (Endpoint.Chat or Endpoint.Embeddings) || !route.MethodAllowed)
        {
            return string.Empty;
        }

        string body = await ReadBodyAsync(request, ct).ConfigureAwait(false);
        var recorded = new RecordedRequest(request.Method, route.Path, body, SnapshotHeaders(request.Headers));
        lock (_lock)
        {
            (route.Endpoint == Endpoint.Chat ? _chat : _embeddings).Add(recorded);
        }

        return body;
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024, leaveOpen: true);
        return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Copies the headers; the <c>Authorization</c> value keeps only its scheme (<c>Bearer ***</c>).</summary>
    private static Dictionary<string, string> SnapshotHeaders(IHeaderDictionary headers)
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
