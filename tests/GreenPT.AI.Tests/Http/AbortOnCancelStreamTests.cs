using GreenPT.AI.Http;

namespace GreenPT.AI.Tests.Http;

/// <summary>
/// The response body wrapper used on netstandard2.0, where .NET Framework's response streams ignore a read's token: a fired token
/// ends the pending read at once and disposes the response. (Its use on that stack is tested under Mono by GreenPT.AI.NetFrameworkTests.)
/// </summary>
public sealed class AbortOnCancelStreamTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PendingRead_EndsAndDisposesTheResponse_WhenItsTokenFires()
    {
        var deaf = new DeafStream();
        var response = new TrackedDisposable();
        using var stream = new AbortOnCancelStream(deaf, response);
        using var cancellation = new CancellationTokenSource();

        Task<int> read = stream.ReadAsync(new byte[16], 0, 16, cancellation.Token);
        await deaf.ReadStarted.WaitAsync(Bound, Ct);
        Assert.False(read.IsCompleted);
        await cancellation.CancelAsync();

        OperationCanceledException cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Bound, Ct));
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
        await response.Disposed.WaitAsync(Bound, Ct);
        Assert.True(stream.Aborted);
    }

    [Fact]
    public async Task PendingMemoryRead_EndsAndDisposesTheResponse_WhenItsTokenFires()
    {
        var deaf = new DeafStream();
        var response = new TrackedDisposable();
        using var stream = new AbortOnCancelStream(deaf, response);
        using var cancellation = new CancellationTokenSource();

        Task<int> read = stream.ReadAsync(new byte[16].AsMemory(), cancellation.Token).AsTask();
        await deaf.ReadStarted.WaitAsync(Bound, Ct);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Bound, Ct));
        await response.Disposed.WaitAsync(Bound, Ct);
    }

    [Fact]
    public async Task Reads_PassThrough_WhenNoTokenFires()
    {
        var response = new TrackedDisposable();
        using var stream = new AbortOnCancelStream(new MemoryStream([1, 2, 3]), response);
        using var cancellation = new CancellationTokenSource();
        byte[] buffer = new byte[8];

#pragma warning disable CA1835 // the array overload is the one readers call on netstandard2.0, where the wrapper is used
        int read = await stream.ReadAsync(buffer, 0, buffer.Length, cancellation.Token);
#pragma warning restore CA1835
        int end = await stream.ReadAsync(buffer.AsMemory(3), cancellation.Token);

        Assert.Equal(3, read);
        Assert.Equal(0, end);
        Assert.Equal([1, 2, 3], buffer[..3]);
        Assert.False(stream.Aborted);
        Assert.False(response.Disposed.IsCompleted);
    }

    [Fact]
    public async Task ReadFailure_PassesThroughUnchanged()
    {
        var deaf = new DeafStream();
        using var stream = new AbortOnCancelStream(deaf, new TrackedDisposable());
        using var cancellation = new CancellationTokenSource();

        Task<int> read = stream.ReadAsync(new byte[16], 0, 16, cancellation.Token);
        await deaf.ReadStarted.WaitAsync(Bound, Ct);
        deaf.Fail(new IOException("connection reset"));

        IOException failure = await Assert.ThrowsAsync<IOException>(() => read.WaitAsync(Bound, Ct));
        Assert.Equal("connection reset", failure.Message);
        Assert.False(stream.Aborted);
    }

    [Fact]
    public async Task AlreadyCancelledToken_FailsWithoutReading()
    {
        var deaf = new DeafStream();
        using var stream = new AbortOnCancelStream(deaf, new TrackedDisposable());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.ReadAsync(new byte[16], 0, 16, new CancellationToken(canceled: true)));

        Assert.False(deaf.ReadStarted.IsCompleted);
    }

    /// <summary>A stream like .NET Framework's response stream while a server is silent: its reads ignore their token.</summary>
    private sealed class DeafStream : Stream
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<int> _read = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task ReadStarted => _started.Task;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Fail(Exception exception) => _read.TrySetException(exception);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _started.TrySetResult();
            return _read.Task;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _started.TrySetResult();
            return new ValueTask<int>(_read.Task);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class TrackedDisposable : IDisposable
    {
        private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Disposed => _disposed.Task;

        public void Dispose() => _disposed.TrySetResult();
    }
}
