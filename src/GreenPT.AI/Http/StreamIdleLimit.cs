namespace GreenPT.AI.Http;

/// <summary>
/// Bounds the silence between stream events: armed while waiting for the next event, disarmed while the caller
/// handles one, so a slow consumer never trips it.
/// </summary>
internal sealed class StreamIdleLimit : IDisposable
{
    private readonly TimeSpan _limit;
    private readonly CancellationTokenSource _source;

    public StreamIdleLimit(TimeSpan limit, CancellationToken cancellationToken)
    {
        _limit = limit;
        _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Cancelled when the caller cancels or the limit elapses while armed.</summary>
    public CancellationToken Token => _source.Token;

    public void Start()
    {
        if (_limit != Timeout.InfiniteTimeSpan)
        {
            _source.CancelAfter(_limit);
        }
    }

    public void Stop()
    {
        if (_limit != Timeout.InfiniteTimeSpan && !_source.IsCancellationRequested)
        {
            _source.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _source.Dispose();
}
