using System.Net;
using System.Net.Http.Headers;

namespace GreenPT.AI.Benchmarks;

/// <summary>
/// An in-memory server: answers every request with 200 and a body from <paramref name="body"/>, no sockets. It reads the
/// request body to the end first, as a real transport would, so that a client that serializes lazily pays for it.
/// </summary>
public sealed class InMemoryHandler(Func<Stream> body, string mediaType) : HttpMessageHandler
{
    private readonly CountingSink _sink = new();

    /// <summary>A handler that replays fixed bytes.</summary>
    public static InMemoryHandler Fixed(byte[] bytes, string mediaType) =>
        new(() => new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true), mediaType);

    /// <summary>The request body size of the last request.</summary>
    public long LastRequestBytes { get; private set; }

    /// <summary>The last request body, when <see cref="CaptureRequests"/> is on.</summary>
    public byte[]? LastRequestBody { get; private set; }

    public bool CaptureRequests { get; set; }

    /// <summary>The address of the last request.</summary>
    public Uri? LastRequestUri { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        LastRequestUri = request.RequestUri;
        if (request.Content is { } content)
        {
            if (CaptureRequests)
            {
                LastRequestBody = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                LastRequestBytes = LastRequestBody.Length;
            }
            else
            {
                _sink.Count = 0;
                await content.CopyToAsync(_sink, cancellationToken).ConfigureAwait(false);
                LastRequestBytes = _sink.Count;
            }
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            RequestMessage = request,
            Content = new StreamContent(body()),
        };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return response;
    }

    /// <summary>Counts and discards what is written to it.</summary>
    private sealed class CountingSink : Stream
    {
        public long Count { get; set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Count;
        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Count += count;
        public override void Write(ReadOnlySpan<byte> buffer) => Count += buffer.Length;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Count += count;
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>A read-only, forward-only stream base: subclasses implement <see cref="Read(Span{byte})"/>.</summary>
public abstract class ReadOnlyStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public abstract override int Read(Span<byte> buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<int>(cancellationToken)
            : new ValueTask<int>(Read(buffer.Span));

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>
/// A content stream of any length that synthesizes its SSE on the fly from one pre-rendered chunk, so that a 100,000-chunk
/// stream costs no memory on the server side: only the client's own memory use shows.
/// </summary>
public sealed class SyntheticSseStream : ReadOnlyStream
{
    private static readonly byte[] FirstEvent = Payloads.ContentEvent(0);
    private static readonly byte[] MiddleEvent = Payloads.ContentEvent(1);

    private readonly byte[] _tail;
    private readonly int _chunks;
    private int _emitted;
    private byte[] _current;
    private int _offset;

    public SyntheticSseStream(int chunks)
    {
        _chunks = chunks;
        _tail = Payloads.ContentStreamTail(chunks);
        _current = FirstEvent;
        _emitted = 1;
    }

    /// <summary>The content each middle chunk carries (the first carries <see cref="Payloads.Word"/>(0)).</summary>
    public static string MiddleWord => Payloads.Word(1);

    public override int Read(Span<byte> buffer)
    {
        int written = 0;
        while (written < buffer.Length)
        {
            if (_offset == _current.Length)
            {
                if (_emitted < _chunks)
                {
                    _current = MiddleEvent;
                    _emitted++;
                }
                else if (_emitted == _chunks)
                {
                    _current = _tail;
                    _emitted++;
                }
                else
                {
                    break;
                }

                _offset = 0;
            }

            int n = Math.Min(buffer.Length - written, _current.Length - _offset);
            _current.AsSpan(_offset, n).CopyTo(buffer[written..]);
            _offset += n;
            written += n;
        }

        return written;
    }
}

/// <summary>
/// Returns its first event on the first read, then blocks every further read until cancelled or <see cref="Release"/>d
/// (then reports the end of the stream): a server that sent one token and is still thinking.
/// </summary>
public sealed class FirstEventThenBlockStream(byte[] firstEvent) : ReadOnlyStream
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _offset;

    /// <summary>How many reads found nothing left to return and had to wait.</summary>
    public int BlockedReads { get; private set; }

    public bool IsReleased => _release.Task.IsCompleted;

    public void Release() => _release.TrySetResult();

    public override int Read(Span<byte> buffer)
    {
        if (_offset < firstEvent.Length)
        {
            int n = Math.Min(buffer.Length, firstEvent.Length - _offset);
            firstEvent.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        BlockedReads++;
        _release.Task.GetAwaiter().GetResult();
        return 0;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_offset < firstEvent.Length)
        {
            return Read(buffer.Span);
        }

        BlockedReads++;
        await _release.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
