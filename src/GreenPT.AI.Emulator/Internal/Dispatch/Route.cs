using Microsoft.AspNetCore.Http;

namespace GreenPT.AI.Emulator.Internal.Dispatch;

internal enum Endpoint
{
    Unknown,
    Chat,
    Embeddings,
    Models,
    Rerank,
    WebSearch,
    LinkSearch,
    Listen,
}

/// <summary>Which endpoint a <c>/v1</c> request is for, and whether its method is the one that endpoint serves.</summary>
/// <param name="Endpoint">The endpoint, or <see cref="Endpoint.Unknown"/>.</param>
/// <param name="Path">The request path without a trailing slash.</param>
/// <param name="MethodAllowed">Whether the method is the endpoint's (GET for models, POST for the others).</param>
internal readonly record struct Route(Endpoint Endpoint, string Path, bool MethodAllowed)
{
    public string AllowedMethod => Endpoint == Endpoint.Models ? "GET" : "POST";

    public static Route Of(HttpRequest request)
    {
        string path = request.Path.Value!.TrimEnd('/');
        var endpoint = path switch
        {
            "/v1/chat/completions" => Endpoint.Chat,
            "/v1/embeddings" => Endpoint.Embeddings,
            "/v1/models" => Endpoint.Models,
            "/v1/rerank" => Endpoint.Rerank,
            "/v1/tools/websearch" => Endpoint.WebSearch,
            "/v1/tools/search/web" => Endpoint.LinkSearch,
            "/v1/listen" => Endpoint.Listen,
            _ => Endpoint.Unknown,
        };

        bool methodAllowed = endpoint switch
        {
            Endpoint.Models => HttpMethods.IsGet(request.Method),
            Endpoint.Listen => HttpMethods.IsPost(request.Method) || request.HttpContext.WebSockets.IsWebSocketRequest, // the live protocol
            _ => HttpMethods.IsPost(request.Method),
        };
        return new Route(endpoint, path, methodAllowed);
    }
}
