using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace GreenPT.AI.Http;

/// <summary>
/// A request body serialized into a buffer rented from <see cref="ArrayPool{T}"/>: no new array per request (and none on the large
/// object heap for long histories). Kept until the exchange is over, since a retry sends it again; then returned to the pool.
/// </summary>
internal sealed class PooledJsonBody : IBufferWriter<byte>, IDisposable
{
    private static readonly JsonWriterOptions RequestWriterOptions = new() { Encoder = Wire.GreenPTJsonContext.Writer.Options.Encoder, SkipValidation = true };

    private byte[] _buffer;
    private int _length;

    private PooledJsonBody(int initialCapacity) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    /// <summary>The serialized bytes.</summary>
    public ArraySegment<byte> Bytes => new(_buffer, 0, _length);

    /// <summary>A copy of the serialized bytes in an array of their length that nobody else rents: for a body whose use outlasts this.</summary>
    public ArraySegment<byte> ToOwnedBytes()
    {
#if NET
        byte[] copy = GC.AllocateUninitializedArray<byte>(_length);
#else
        byte[] copy = new byte[_length];
#endif
        _buffer.AsSpan(0, _length).CopyTo(copy);
        return new(copy);
    }

    public static PooledJsonBody Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var body = new PooledJsonBody(4096);
        using (var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = typeInfo.Options.Encoder, SkipValidation = true }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return body;
    }

    /// <summary>
    /// Writes <paramref name="value"/> with a hand-written <paramref name="write"/> (such as <c>ChatRequestWriter.Write</c>), with the
    /// options requests are written with (<c>GreenPTJsonContext.Writer</c>'s encoder, no validation).
    /// </summary>
    /// <remarks>
    /// The buffer starts at the size of the previous body of the same type (at least 4 KB), so that a long history is not copied
    /// from buffer to buffer as it grows on every request.
    /// </remarks>
    public static PooledJsonBody Write<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var body = new PooledJsonBody(Math.Max(4096, LastLength<T>.Value));
        using (var writer = new Utf8JsonWriter(body, RequestWriterOptions))
        {
            write(writer, value);
        }

        // A plain write: a lost update between threads only costs one growth later.
        LastLength<T>.Value = Math.Min(body._length, MaxRememberedLength);
        return body;
    }

    /// <summary>Remembered sizes stop here: one huge body does not make every later small one rent a huge buffer.</summary>
    private const int MaxRememberedLength = 1024 * 1024;

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Grow(sizeHint);
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Grow(sizeHint);
        return _buffer.AsSpan(_length);
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Grow(int sizeHint)
    {
        int needed = _length + Math.Max(sizeHint, 1);
        if (needed > _buffer.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    /// <summary>The length of the last body written of type <typeparamref name="T"/>.</summary>
    private static class LastLength<T>
    {
        public static int Value;
    }
}
