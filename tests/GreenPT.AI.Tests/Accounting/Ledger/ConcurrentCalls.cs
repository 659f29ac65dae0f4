using System.Globalization;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Accounting.Ledger;

/// <summary>
/// The overshoot experiment: N calls at once, spread over several instances (one tracker and one tracking client each, over one
/// ledger), against a budget with room for K calls. Every call that is let through waits at a gate inside the inner client until
/// each of the N has either been let through or refused, so no call's impact is known before every budget check has run: the
/// worst case for a check against what was spent. Compiled into GreenPT.AI.Redis.Tests too.
/// </summary>
internal static class ConcurrentCalls
{
    /// <summary>What each instance sent and how many it was refused.</summary>
    public sealed record Outcome(int[] SentPerInstance, int[] RefusedPerInstance)
    {
        public int Sent => SentPerInstance.Sum();

        public string Describe(string label, int room) => string.Create(CultureInfo.InvariantCulture,
            $"{label}: {Sent} calls sent of {Sent + RefusedPerInstance.Sum()} with room for {room}; per instance sent [{string.Join(", ", SentPerInstance)}], refused [{string.Join(", ", RefusedPerInstance)}]");
    }

    /// <summary>Runs <paramref name="calls"/> calls spread round-robin over the trackers, each call costing <paramref name="microjoulesPerCall"/>.</summary>
    public static async Task<Outcome> RunAsync(IReadOnlyList<GreenPTImpactTracker> instances, int calls, long microjoulesPerCall, CancellationToken cancellationToken)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int decided = 0;
        void Decided()
        {
            if (Interlocked.Increment(ref decided) == calls)
            {
                gate.TrySetResult();
            }
        }

        var inner = instances.Select(_ => new GatedImpactClient(gate.Task, microjoulesPerCall, Decided)).ToArray();
        var clients = instances.Select((tracker, i) => new GreenPTImpactTrackingChatClient(inner[i], tracker)).ToArray();
        int[] refused = new int[instances.Count];
        try
        {
            Task[] running = Enumerable.Range(0, calls).Select(n => Task.Run(async () =>
            {
                int instance = n % instances.Count;
                try
                {
                    await clients[instance].GetResponseAsync("Hi", new ChatOptions { ModelId = "gemma4" }, cancellationToken);
                }
                catch (GreenPTCarbonBudgetExceededException)
                {
                    Interlocked.Increment(ref refused[instance]);
                    Decided();
                }
            }, cancellationToken)).ToArray();
            await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        finally
        {
            foreach (GreenPTImpactTrackingChatClient client in clients)
            {
                client.Dispose();
            }
        }

        return new Outcome(inner.Select(c => c.Sent).ToArray(), refused);
    }

    /// <summary>An inner client that counts what reaches it, holds each call at the gate, then answers with a fixed impact.</summary>
    private sealed class GatedImpactClient(Task gate, long microjoules, Action entered) : IChatClient
    {
        private int _sent;

        public int Sent => _sent;

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _sent);
            entered();
            await gate.WaitAsync(cancellationToken);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
            {
                ModelId = "gemma4",
                AdditionalProperties = new()
                {
                    [GreenPTPropertyNames.Impact] = new GreenPTImpact { Energy = new(microjoules / 1000.0, "Wms"), Emissions = new(microjoules / 100.0, "ugCO2e") },
                },
            };
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
