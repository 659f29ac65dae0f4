using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace GreenPT.AI.Emulator.Internal.Faults;

/// <summary>
/// Decides which fault, if any, applies to a request: the <c>X-Emulator-Fault</c> header (with its <c>times</c> counters,
/// kept per key) or else the next queued fault. Thread-safe.
/// </summary>
internal sealed class FaultSchedule
{
    private readonly Lock _lock = new();
    private readonly Queue<QueuedFault> _queue = new();
    private readonly ConcurrentDictionary<string, int> _headerUses = new(StringComparer.Ordinal);

    public void Enqueue(EmulatorFault fault)
    {
        lock (_lock)
        {
            _queue.Enqueue(new QueuedFault(fault));
        }
    }

    /// <summary>The queued faults in order; each one's <see cref="EmulatorFault.Times"/> is how many more requests it applies to.</summary>
    public IReadOnlyList<EmulatorFault> Queued()
    {
        lock (_lock)
        {
            return [.. _queue.Select(q => q.Fault with { Times = q.Remaining })];
        }
    }

    /// <summary>Empties the queue and forgets how often each header fault was used.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _queue.Clear();
            _headerUses.Clear();
        }
    }

    /// <summary>
    /// The fault for this request. A header fault wins and leaves the queue alone; the queue serves only requests that may
    /// consume it (<paramref name="mayUseQueue"/>). Returns <see langword="false"/> with <paramref name="error"/> when the header does not parse.
    /// </summary>
    public bool TrySelect(HttpRequest request, bool mayUseQueue, out EmulatorFault? fault, out string? error)
    {
        error = null;
        var header = request.Headers[EmulatorFault.HeaderName];
        if (StringValues.IsNullOrEmpty(header))
        {
            fault = mayUseQueue ? TakeQueued() : null;
            return true;
        }

        if (!EmulatorFault.TryParse(header.ToString(), out fault, out error))
        {
            return false;
        }

        fault = CountHeaderUse(fault);
        return true;
    }

    /// <summary>Past its <c>times</c>, a header fault no longer fails the request (its header modifiers still apply).</summary>
    private EmulatorFault CountHeaderUse(EmulatorFault fault)
    {
        if (fault.Times is not { } times)
        {
            return fault;
        }

        string key = fault.Key ?? fault.Format(includeRequestId: false);
        int uses = _headerUses.AddOrUpdate(key, 1, static (_, n) => n + 1);
        return uses > times ? fault.Spent() : fault;
    }

    private EmulatorFault? TakeQueued()
    {
        lock (_lock)
        {
            if (!_queue.TryPeek(out var next))
            {
                return null;
            }

            if (--next.Remaining <= 0)
            {
                _queue.Dequeue();
            }

            return next.Fault;
        }
    }

    private sealed class QueuedFault(EmulatorFault fault)
    {
        public EmulatorFault Fault { get; } = fault;

        public int Remaining { get; set; } = fault.Times ?? 1;
    }
}
