namespace GreenPT.AI.Http;

/// <summary>
/// Bounds the silence between stream events: armed while waiting for the next event, disarmed while the caller handles one, so a
/// slow consumer never trips it. Arming and disarming only bump a counter (the stream's hot path: no clock read per event); one
/// timer per stream ticks every quarter of the limit and trips when it has seen the same armed wait for four ticks in a row, so
/// the limit trips between 1 and 1.25 times its value after the last event.
/// </summary>
internal sealed class StreamIdleLimit : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly Timer? _timer;
    private readonly int _ticksToTrip;

    // Odd while armed: Start and Stop each add one, so every wait has a number of its own. Written by the stream's reader only.
    private int _wait;

    // The timer's own state (its callbacks never overlap: see Check).
    private int _lastSeenWait = -1;
    private int _silentTicks;
    private int _checking;

    public StreamIdleLimit(TimeSpan limit, CancellationToken cancellationToken)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (limit != Timeout.InfiniteTimeSpan)
        {
            TimeSpan period = TimeSpan.FromTicks(Math.Max(limit.Ticks / 4, TimeSpan.TicksPerMillisecond));
            _ticksToTrip = Math.Max(1, (int)Math.Ceiling(limit.Ticks / (double)period.Ticks));
            _timer = new Timer(static state => ((StreamIdleLimit)state!).Check(), this, period, period);
        }
    }

    /// <summary>Cancelled when the caller cancels or the limit elapses while armed.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Arms the limit: the stream waits for its next event.</summary>
    public void Start() => Volatile.Write(ref _wait, (_wait + 1) | 1);

    /// <summary>Disarms it: an event arrived (or the wait failed).</summary>
    public void Stop() => Volatile.Write(ref _wait, (_wait + 1) & ~1);

    public void Dispose()
    {
        _timer?.Dispose();
        _source.Dispose();
    }

    private void Check()
    {
        // A tick that runs late can overlap the next one; only one of them counts.
        if (Interlocked.Exchange(ref _checking, 1) != 0)
        {
            return;
        }

        try
        {
            int wait = Volatile.Read(ref _wait);
            if ((wait & 1) == 0 || wait != _lastSeenWait)
            {
                // Disarmed, or a new wait since the last tick: the wait is at most one tick old.
                _lastSeenWait = wait;
                _silentTicks = 0;
                return;
            }

            if (++_silentTicks >= _ticksToTrip)
            {
                _source.Cancel();
            }
        }
        catch (ObjectDisposedException)
        {
            // The stream ended while the timer fired.
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }
}
