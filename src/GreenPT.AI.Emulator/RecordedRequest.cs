namespace GreenPT.AI.Emulator;

/// <summary>A request body and its headers as the emulator received them.</summary>
public sealed class RecordedRequest
{
    internal RecordedRequest(string method, string path, string body, IReadOnlyDictionary<string, string> headers)
    {
        Method = method;
        Path = path;
        Body = body;
        Headers = headers;
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The request path, for example <c>/v1/chat/completions</c>.</summary>
    public string Path { get; }

    /// <summary>The raw request body, decoded as UTF-8.</summary>
    public string Body { get; }

    /// <summary>
    /// The request headers (case-insensitive names; repeated headers joined by a comma). The <c>Authorization</c> value is
    /// recorded as its scheme followed by <c>***</c> so that keys never leak into test output.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Returns <see cref="Body"/>.</summary>
    /// <returns>The raw request body.</returns>
    public override string ToString() => Body;
}
