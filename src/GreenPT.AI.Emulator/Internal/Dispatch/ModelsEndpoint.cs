namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary><c>GET /v1/models</c>: the catalog, built once.</summary>
internal static class ModelsEndpoint
{
    public static ReadOnlyMemory<byte> Body { get; } = ResponseBuilders.Models();
}
