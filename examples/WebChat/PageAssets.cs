using System.Reflection;

namespace WebChat;

/// <summary>The page (Page/*), embedded in the assembly and served from memory: nothing is loaded from anywhere else.</summary>
internal sealed class PageAssets
{
    private static readonly (string Route, string File, string ContentType)[] Files =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/app.css", "app.css", "text/css; charset=utf-8"),
        ("/app.js", "app.js", "text/javascript; charset=utf-8"),
        ("/sse.js", "sse.js", "text/javascript; charset=utf-8"),
        ("/chart.js", "chart.js", "text/javascript; charset=utf-8"),
        ("/favicon.svg", "favicon.svg", "image/svg+xml"),
    ];

    private readonly Dictionary<string, (byte[] Bytes, string ContentType)> _byRoute;

    private PageAssets(Dictionary<string, (byte[] Bytes, string ContentType)> byRoute) => _byRoute = byRoute;

    public static PageAssets Load()
    {
        Assembly assembly = typeof(PageAssets).Assembly;
        var byRoute = new Dictionary<string, (byte[] Bytes, string ContentType)>(StringComparer.Ordinal);
        foreach ((string route, string file, string contentType) in Files)
        {
            using Stream stream = assembly.GetManifestResourceStream("WebChat.Page." + file)
                ?? throw new InvalidOperationException($"The page file {file} is not embedded in {assembly.GetName().Name}.");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            byRoute[route] = (buffer.ToArray(), contentType);
        }

        return new PageAssets(byRoute);
    }

    public void Map(WebApplication app)
    {
        foreach ((string route, (byte[] bytes, string contentType)) in _byRoute)
        {
            app.MapGet(route, (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "no-cache";
                return TypedResults.Bytes(bytes, contentType);
            });
        }
    }
}

/// <summary>Headers on every response: the page may load and call nothing but this server.</summary>
internal static class SecurityHeaders
{
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static Task AddAsync(HttpContext context, RequestDelegate next)
    {
        IHeaderDictionary headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return next(context);
    }
}
