using System.Reflection;

namespace GreenPT.AI.NetFrameworkChecks;

/// <summary>The HTTP stack a run uses.</summary>
internal enum Stack
{
    /// <summary>A caller's <see cref="HttpClient"/> over Mono's default <see cref="HttpClientHandler"/> (its port of SocketsHttpHandler).</summary>
    Sockets,

    /// <summary>
    /// A caller's <see cref="HttpClient"/> over an <see cref="HttpClientHandler"/> on Mono's HttpWebRequest-based
    /// <c>System.Net.Http.MonoWebRequestHandler</c>: the architecture of .NET Framework's <see cref="HttpClientHandler"/>.
    /// </summary>
    WebRequest,

    /// <summary>The client's own <see cref="HttpClient"/> (none passed in).</summary>
    Own,
}

internal static class Stacks
{
    public static bool TryParse(string text, out Stack stack)
    {
        switch (text)
        {
            case "sockets":
                stack = Stack.Sockets;
                return true;
            case "webrequest":
                stack = Stack.WebRequest;
                return true;
            case "own":
                stack = Stack.Own;
                return true;
            default:
                stack = default;
                return false;
        }
    }

    /// <summary>
    /// The handler a caller would configure for GreenPT on this stack, with what the README asks of a caller on .NET Framework:
    /// the connections per server raised past the default 2, with <see cref="HttpClientHandler.MaxConnectionsPerServer"/> where
    /// the handler has it, else with the endpoint's <see cref="System.Net.ServicePoint.ConnectionLimit"/> (Mono's HttpWebRequest
    /// handler throws <see cref="NotImplementedException"/> for the property; .NET Framework before 4.7.1 lacks it).
    /// </summary>
    public static HttpClientHandler CreateHandler(Stack stack, Uri endpoint)
    {
        HttpClientHandler handler = stack == Stack.WebRequest ? CreateWebRequestHandler() : new HttpClientHandler();
        try
        {
            handler.MaxConnectionsPerServer = int.MaxValue;
        }
        catch (NotImplementedException)
        {
            System.Net.ServicePoint servicePoint = System.Net.ServicePointManager.FindServicePoint(endpoint);
            servicePoint.ConnectionLimit = Math.Max(servicePoint.ConnectionLimit, 64);
        }

        return handler;
    }

    /// <summary>The name of the type that really sends, read from the handler Mono delegates to.</summary>
    public static string Describe(Stack stack)
    {
        using HttpClientHandler handler = stack == Stack.WebRequest ? CreateWebRequestHandler() : new HttpClientHandler();
        object? inner = typeof(HttpClientHandler).GetField("_delegatingHandler", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(handler);
        return $"{stack.ToString().ToLowerInvariant()} {inner?.GetType().FullName ?? "(not Mono: " + RuntimeName() + ")"} on {RuntimeName()}";
    }

    private static string RuntimeName() =>
        Type.GetType("Mono.Runtime") is { } mono
            ? "Mono " + mono.GetMethod("GetDisplayName", BindingFlags.NonPublic | BindingFlags.Static)?.Invoke(null, null)
            : System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    /// <summary>
    /// Mono's HttpWebRequest-based handler has no public switch: <see cref="HttpClientHandler"/> takes it through an internal
    /// constructor, the one Mono itself uses for it.
    /// </summary>
    private static HttpClientHandler CreateWebRequestHandler()
    {
        Assembly http = typeof(HttpClientHandler).Assembly;
        Type monoHandler = http.GetType("System.Net.Http.MonoWebRequestHandler")
            ?? throw new InvalidOperationException("System.Net.Http.MonoWebRequestHandler is not in " + http.FullName + ": not running on Mono?");
        Type contract = http.GetType("System.Net.Http.IMonoHttpClientHandler")
            ?? throw new InvalidOperationException("System.Net.Http.IMonoHttpClientHandler is not in " + http.FullName);
        ConstructorInfo constructor = typeof(HttpClientHandler).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, null, [contract], null)
            ?? throw new InvalidOperationException("HttpClientHandler has no constructor taking IMonoHttpClientHandler");
        return (HttpClientHandler)constructor.Invoke([Activator.CreateInstance(monoHandler, nonPublic: true)]);
    }
}
