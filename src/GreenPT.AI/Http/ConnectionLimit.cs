namespace GreenPT.AI.Http;

/// <summary>
/// Lifts .NET Framework's per-server connection limit from an <see cref="HttpClientHandler"/> the package creates, so that
/// concurrent requests (streams held open for minutes) do not queue behind each other.
/// </summary>
/// <remarks>
/// On .NET Framework, <see cref="HttpClientHandler"/> sends through HttpWebRequest, whose connections per server are capped by
/// <c>ServicePointManager.DefaultConnectionLimit</c>: 2 in a desktop app. <see cref="HttpClientHandler.MaxConnectionsPerServer"/>
/// raises it for the handler's requests on .NET Framework 4.7.1 and later; .NET Framework 4.6.1 to 4.7 lack the property, and
/// there the limit stays as the application set it. .NET's own handlers have no such limit (<see cref="int.MaxValue"/>).
/// </remarks>
internal static class ConnectionLimit
{
    /// <summary>The connections per server the package's own handler allows: as many as .NET's handlers.</summary>
    public const int PerServer = int.MaxValue;

    /// <summary>Raises the handler's limit; <see langword="false"/> where the running framework has no such setting.</summary>
    public static bool TryLift(HttpClientHandler handler)
    {
        try
        {
            SetMaxConnectionsPerServer(handler);
            return true;
        }
        catch (Exception ex) when (ex is MissingMethodException or PlatformNotSupportedException or NotImplementedException)
        {
            return false;
        }
    }

    // Its own method, not inlined: on a framework without the property the JIT fails this method alone, and TryLift catches it.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void SetMaxConnectionsPerServer(HttpClientHandler handler) => handler.MaxConnectionsPerServer = PerServer;
}
