namespace GreenPT.AI.Tests.Infrastructure;

/// <summary>A read-only stream that hands out its bytes in the given pieces, one piece (at most) per read, as a network would.</summary>
internal sealed class ChunkedStream(byte[] data, IReadOnlyList<int> cutPoints) : Stream
{
    private readonly int[] _cuts = [.. cutPoints.Where(c => c > 0 && c < data.Length).Distinct().Order(), data.Length];
    private int _position;
    private int _nextCut;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => data.Length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= data.Length)
        {
            return 0;
        }

        while (_cuts[_nextCut] <= _position)
        {
            _nextCut++;
        }

        int n = Math.Min(buffer.Length, _cuts[_nextCut] - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
