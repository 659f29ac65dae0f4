using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace GreenPT.AI.Benchmarks;

/// <summary>
/// <c>--loop &lt;workload&gt; --allocations</c>: what the loop allocates, by type. The runtime samples one allocation in about every
/// 100 KB (its <c>AllocationTick</c> event) and names its type; a type's share of the samples, times the bytes allocated per operation
/// (measured exactly), estimates its bytes per operation. Short-lived, so the estimate of a type below a few per cent is rough.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const int AllocationTickEventId = 10;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();
    private long _sampledBytes;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != AllocationTickEventId || eventData.PayloadNames is null || eventData.Payload is null)
        {
            return;
        }

        int typeAt = eventData.PayloadNames.IndexOf("TypeName");
        int amountAt = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (typeAt < 0 || amountAt < 0)
        {
            return;
        }

        string type = eventData.Payload[typeAt] as string ?? "?";
        long amount = Convert.ToInt64(eventData.Payload[amountAt], CultureInfo.InvariantCulture);
        _bytesByType.AddOrUpdate(type, amount, (_, total) => total + amount);
        Interlocked.Add(ref _sampledBytes, amount);
    }

    /// <summary>Prints each type's estimated bytes per operation, largest first, from <paramref name="bytesPerOperation"/>.</summary>
    public void Report(TextWriter log, double bytesPerOperation)
    {
        long sampled = Interlocked.Read(ref _sampledBytes);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Allocated {bytesPerOperation:N0} B/op; by type (estimated from {sampled / 1024:N0} KB of samples):"));
        if (sampled == 0)
        {
            return;
        }

        foreach ((string type, long bytes) in _bytesByType.OrderByDescending(p => p.Value).Take(25))
        {
            double share = (double)bytes / sampled;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {share * bytesPerOperation,8:N0} B/op  {share,6:P1}  {type}"));
        }
    }
}
