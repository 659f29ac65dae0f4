using System.Diagnostics;

namespace GreenPT.AI.Http;

/// <summary>
/// Bounds the silence between stream events: armed while waiting for the next event, disarmed while the caller handles one, so a
/// slow consumer never trips it. Arming and disarming only write a timestamp (the stream's hot path); one timer per stream checks
/// it every quarter of the limit, so the limit trips between 1 and 1.25 times its value after the last event.
/// </summary>
internal sealed class StreamIdleLimit : IDisposable
{
    private readonly long _limitTicks;
    private readonly CancellationTokenSource _source;
    private readonly Timer? _timer;
    private long _armedAt;

    public StreamIdleLimit(TimeSpan limit, CancellationToken cancellationToken)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (limit != Timeout.InfiniteTimeSpan)
        {
            _limitTicks = (long)(limit.TotalSeconds * Stopwatch.Frequency);
            TimeSpan period = TimeSpan.FromTicks(Math.Max(limit.Ticks / 4, TimeSpan.TicksPerMillisecond));
            _timer = new Timer(static state => ((StreamIdleLimit)state!).Check(), this, period, period);
        }
    }

    /// <summary>Cancelled when the caller cancels or the limit elapses while armed.</summary>
    public CancellationToken Token => _source.Token;

    public void Start() => Volatile.Write(ref _armedAt, Stopwatch.GetTimestamp());

    public void Stop() => Volatile.Write(ref _armedAt, 0);

    public void Dispose()
    {
        _timer?.Dispose();
        _source.Dispose();
    }

    private void Check()
    {
        long armedAt = Volatile.Read(ref _armedAt);
        if (armedAt != 0 && Stopwatch.GetTimestamp() - armedAt >= _limitTicks)
        {
            try
            {
                _source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The stream ended while the timer fired.
            }
        }
    }
}
