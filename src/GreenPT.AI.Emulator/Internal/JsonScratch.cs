using System.Buffers;
using System.Text.Json;

namespace GreenPT.AI.Emulator.Internal;

/// <summary>One reusable buffer and writer for building many small JSON documents in turn (the chunks of a stream).</summary>
internal sealed class JsonScratch : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public JsonScratch() => _writer = new Utf8JsonWriter(_buffer, JsonDefaults.WriterOptions);

    /// <summary>Builds one document; the result is valid until the next call.</summary>
    public ReadOnlyMemory<byte> Build(Action<Utf8JsonWriter> write)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        write(_writer);
        _writer.Flush();
        return _buffer.WrittenMemory;
    }

    public void Dispose() => _writer.Dispose();
}
