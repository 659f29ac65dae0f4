namespace GreenPT.AI.Http;

/// <summary>
/// A response body whose reads end when their token fires, even when the stream underneath ignores tokens: the response is
/// disposed (which closes the connection) and the read fails at once with an <see cref="OperationCanceledException"/> for that
/// token, without waiting for the stream underneath to notice.
/// </summary>
/// <remarks>
/// Used on netstandard2.0 (see <see cref="ResponseBodies"/>): .NET Framework's HTTP stack (HttpWebRequest under
/// <see cref="HttpClientHandler"/>) checks a read's token only before the read starts, so a server that stops sending mid-body
/// would hold a read, and with it the time limits and the caller's cancellation, for as long as the connection stays open.
/// </remarks>
internal sealed class AbortOnCancelStream(Stream inner, IDisposable response) : Stream
{
    private int _aborted;

    /// <summary>Whether a fired token disposed the response.</summary>
    public bool Aborted => Volatile.Read(ref _aborted) != 0;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<int>(cancellationToken);
        }

        Task<int> read = inner.ReadAsync(buffer, offset, count, cancellationToken);
        return read.IsCompleted || !cancellationToken.CanBeCanceled ? read : ReadOrAbortAsync(read, cancellationToken);
    }

#if NET
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }

        ValueTask<int> read = inner.ReadAsync(buffer, cancellationToken);
        return read.IsCompleted || !cancellationToken.CanBeCanceled ? read : new ValueTask<int>(ReadOrAbortAsync(read.AsTask(), cancellationToken));
    }
#endif

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task<int> ReadOrAbortAsync(Task<int> read, CancellationToken cancellationToken)
    {
        var fired = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), fired))
        {
            if (await Task.WhenAny(read, fired.Task).ConfigureAwait(false) == read)
            {
                return await read.ConfigureAwait(false);
            }
        }

        Abort();
        // The abandoned read ends with the connection; its failure is expected and observed here.
        _ = read.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        throw new OperationCanceledException(cancellationToken);
    }

    private void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            // On the thread pool: closing a response stream can block on some stacks (draining what is left of the body), and the
            // caller is owed its exception now.
            _ = Task.Run(() =>
            {
                try
                {
                    response.Dispose();
                }
#pragma warning disable CA1031 // a failure to close an abandoned connection has no one to report to
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            });
        }
    }
}
