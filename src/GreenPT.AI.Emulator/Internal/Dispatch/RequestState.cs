namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary>What one request learns on its way through: its id (a fault may replace it) and the model it named (for the log line).</summary>
internal sealed class RequestState(string requestId)
{
    public string RequestId { get; set; } = requestId;

    public string? Model { get; set; }
}
