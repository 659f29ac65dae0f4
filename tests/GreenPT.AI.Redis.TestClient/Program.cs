// One "instance" of an app, in its own process: makes <calls> concurrent calls for <scope> through GreenPTImpactTrackingChatClient
// with a reserving budget over the Redis ledger at 127.0.0.1:<port>, each call costing <microjoules>, against a budget with room for
// <room> calls. Prints "ready", waits for "go" on stdin (so that every process starts its calls together), then prints
// "sent=<n> refused=<n>" and exits 0.
using System.Globalization;
using GreenPT.AI;
using GreenPT.AI.Redis;
using Microsoft.Extensions.AI;
using StackExchange.Redis;

if (args.Length != 5)
{
    Console.Error.WriteLine("usage: GreenPT.AI.Redis.TestClient <port> <scope> <calls> <room> <microjoules>");
    return 2;
}

int port = int.Parse(args[0], CultureInfo.InvariantCulture);
string scope = args[1];
int calls = int.Parse(args[2], CultureInfo.InvariantCulture);
int room = int.Parse(args[3], CultureInfo.InvariantCulture);
long microjoules = long.Parse(args[4], CultureInfo.InvariantCulture);

using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=false");
using var ledger = new GreenPTRedisImpactLedger(redis);
var tracker = new GreenPTImpactTracker(scope)
{
    Ledger = ledger,
    Budget = new GreenPTCarbonBudget
    {
        EnergyLimit = new(room * microjoules / 1000.0, "Wms"),
        ReserveBeforeSending = true,
        CallCeiling = new GreenPTImpact { Energy = new(microjoules / 1000.0, "Wms") },
    },
};
var inner = new FixedImpactClient(microjoules);
await ledger.ReadAsync(scope, GreenPTBudgetWindow.AllTime, DateTimeOffset.UtcNow); // connected and the scripts warm
Console.WriteLine("ready");
if (Console.ReadLine() != "go")
{
    return 3;
}

using var client = new GreenPTImpactTrackingChatClient(inner, tracker);
int refused = 0;
await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => Task.Run(async () =>
{
    try
    {
        await client.GetResponseAsync("Hi", new ChatOptions { ModelId = "gemma4" });
    }
    catch (GreenPTCarbonBudgetExceededException)
    {
        Interlocked.Increment(ref refused);
    }
})));
Console.WriteLine($"sent={inner.Sent} refused={refused}");
return 0;

internal sealed class FixedImpactClient(long microjoules) : IChatClient
{
    private int _sent;

    public int Sent => _sent;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _sent);
        await Task.Yield();
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
        {
            ModelId = "gemma4",
            AdditionalProperties = new() { [GreenPTPropertyNames.Impact] = new GreenPTImpact { Energy = new(microjoules / 1000.0, "Wms") } },
        };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
