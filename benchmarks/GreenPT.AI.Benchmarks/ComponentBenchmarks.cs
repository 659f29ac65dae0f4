using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using GreenPT.AI.Http;
using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Benchmarks;

/// <summary>
/// Where our streaming time and allocations go, per chunk of workload 1 (every figure is per chunk: OperationsPerInvoke is
/// the chunk count). Uses the library's internals (InternalsVisibleTo) to time each stage of the pipeline on its own.
/// </summary>
[MemoryDiagnoser]
public class StreamingComponents
{
    private const int Chunks = Payloads.ContentChunks;
    private static readonly byte[] DoneMarker = "[DONE]"u8.ToArray();

    private byte[] _stream = null!;
    private byte[][] _chunkJson = null!;
    private ChatCompletionResponse[] _chunks = null!;
    private string[] _words = null!;
    private byte[][] _wordsUtf8 = null!;
    private byte[] _toolFragmentJson = null!;
    private Contenders _default = null!;
    private Contenders _idleOff = null!;

    [GlobalSetup]
    public void Setup()
    {
        _stream = Payloads.ContentStream(Chunks);
        _chunkJson = Enumerable.Range(0, Chunks).Select(Payloads.ContentChunkJson).ToArray();
        var parser = new ChatChunkParser();
        _chunks = _chunkJson.Select(json => parser.Parse("message", json)!).ToArray();
        _words = Enumerable.Range(0, Chunks).Select(Payloads.Word).ToArray();
        _wordsUtf8 = _words.Select(Encoding.UTF8.GetBytes).ToArray();
        _toolFragmentJson = Payloads.ToolFragmentChunkJson(0, "\"location\":\"Ams");
        _default = new Contenders(() => InMemoryHandler.Fixed(_stream, "text/event-stream"));
        _idleOff = new Contenders(() => InMemoryHandler.Fixed(_stream, "text/event-stream"), o => o.StreamIdleTimeout = Timeout.InfiniteTimeSpan);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _default.Dispose();
        _idleOff.Dispose();
    }

    /// <summary>The whole client, as in <see cref="StreamingBenchmarks"/> (Content), per chunk.</summary>
    [Benchmark(OperationsPerInvoke = Chunks, Baseline = true)]
    public Task<StreamResult> Client_Default() => _default.OursStreamingAsync();

    /// <summary>The whole client with <see cref="GreenPTClientOptions.StreamIdleTimeout"/> off: the idle timer's share.</summary>
    [Benchmark(OperationsPerInvoke = Chunks)]
    public Task<StreamResult> Client_IdleTimeoutOff() => _idleOff.OursStreamingAsync();

    /// <summary>SSE framing alone: <see cref="SseParser"/> over the bytes, the parser delegate does nothing.</summary>
    [Benchmark(OperationsPerInvoke = Chunks)]
    public async Task<int> SseParser_FramingOnly()
    {
        int total = 0;
        await foreach (SseItem<int> item in SseParser.Create(new MemoryStream(_stream, writable: false), static (_, data) => data.Length).EnumerateAsync())
        {
            total += item.Data;
        }

        return total;
    }

    /// <summary>SSE framing plus the raw lower bound's <see cref="Utf8JsonReader"/> scan for the content: no HTTP.</summary>
    [Benchmark(OperationsPerInvoke = Chunks)]
    public async Task<int> SseParser_Plus_ReaderScan()
    {
        int total = 0;
        await foreach (SseItem<string?> item in SseParser.Create(new MemoryStream(_stream, writable: false), static (_, data) => ScanContent(data)).EnumerateAsync())
        {
            total += item.Data?.Length ?? 0;
        }

        return total;
    }

    /// <summary>SSE framing plus the shipped chunk parser (<see cref="ChatChunkParser"/>), as the client's parser delegate does: no mapping, no HTTP.</summary>
    [Benchmark(OperationsPerInvoke = Chunks)]
    public async Task<int> SseParser_Plus_ChunkParser()
    {
        int total = 0;
        var parser = new ChatChunkParser();
        await foreach (SseItem<ChatCompletionResponse?> item in SseParser.Create(new MemoryStream(_stream, writable: false), parser.Parse).EnumerateAsync())
        {
            total += item.Data?.Choices?.Count ?? 0;
        }

        return total;
    }

    /// <summary>The shipped chunk parser on one chunk's JSON: the DTO graph the client keeps as each update's raw representation.</summary>
    [Benchmark(OperationsPerInvoke = Chunks)]
    public int ChunkParser_OneChunk()
    {
        int total = 0;
        var parser = new ChatChunkParser();
        for (int i = 0; i < Chunks; i++)
        {
            total += parser.Parse("message", _chunkJson[i])!.Choices!.Count;
        }

        return total;
    }

    /// <summary>
    /// The parser as the client runs it (objects reused, shapes on): after the first content chunk, every chunk is read by its
    /// shape (the bytes it shares with the last one compared, its one string read).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Chunks)]
    public int ChunkParser_OneChunk_ByShape()
    {
        int total = 0;
        var parser = new ChatChunkParser(reuseObjects: true);
        for (int i = 0; i < Chunks; i++)
        {
            total += parser.Parse("message", _chunkJson[i])!.Choices!.Count;
        }

        return total;
    }

    /// <summary>
    /// The same DTO graph <see cref="ChunkParser_OneChunk"/> produces, built by hand (the four strings decoded from the
    /// chunk's bytes): what the objects themselves cost. The rest of ChunkParser_OneChunk's time is the parsing.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Chunks)]
    public int DtoGraph_HandBuilt()
    {
        int total = 0;
        for (int i = 0; i < Chunks; i++)
        {
            var chunk = new ChatCompletionResponse
            {
                Id = Encoding.UTF8.GetString(Payloads.ResponseIdUtf8),
                Created = Payloads.Created,
                Model = Encoding.UTF8.GetString(Payloads.ModelUtf8),
                Choices = [new ResponseChoice { Delta = new ResponseMessage { Content = Encoding.UTF8.GetString(_wordsUtf8[i]) } }],
            };
            total += chunk.Choices.Count;
        }

        return total;
    }

    /// <summary>The shipped chunk parser on one tool-call argument fragment (workload 2b): arguments are kept as text.</summary>
    [Benchmark(OperationsPerInvoke = Chunks)]
    public int ChunkParser_OneToolFragment()
    {
        int total = 0;
        var parser = new ChatChunkParser();
        for (int i = 0; i < Chunks; i++)
        {
            total += parser.Parse("message", _toolFragmentJson)!.Choices!.Count;
        }

        return total;
    }

    /// <summary>
    /// SSE framing, the shipped chunk parser and <see cref="ChatStreamAssembler.Add"/>: the client's whole per-event pipeline
    /// without HTTP, the idle limit and the outer iterator (see <see cref="Client_IdleTimeoutOff"/> and <see cref="IdleLimit_StartStop"/>).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Chunks)]
    public async Task<int> SseParser_Plus_ChunkParser_Plus_Assembler()
    {
        int total = 0;
        var parser = new ChatChunkParser();
        var assembler = new ChatStreamAssembler();
        await foreach (SseItem<ChatCompletionResponse?> item in SseParser.Create(new MemoryStream(_stream, writable: false), parser.Parse).EnumerateAsync())
        {
            if (item.Data is { } chunk && !ReferenceEquals(chunk, ChatChunkParser.Done))
            {
                total += assembler.Add(chunk)?.Contents.Count ?? 0;
            }
        }

        return total;
    }

    /// <summary><see cref="ChatStreamAssembler.Add"/> on already-parsed chunks: mapping plus <see cref="ChatResponseUpdate"/> construction.</summary>
    [Benchmark(OperationsPerInvoke = Chunks)]
    public int Assembler_Add()
    {
        int total = 0;
        var assembler = new ChatStreamAssembler();
        for (int i = 0; i < Chunks; i++)
        {
            total += assembler.Add(_chunks[i])!.Contents.Count;
        }

        return total;
    }

    /// <summary>A <see cref="ChatResponseUpdate"/> with one <see cref="TextContent"/>, as the assembler builds it, alone.</summary>
    [Benchmark(OperationsPerInvoke = Chunks)]
    public int ChatResponseUpdate_Construction()
    {
        int total = 0;
        DateTimeOffset created = DateTimeOffset.FromUnixTimeSeconds(Payloads.Created);
        for (int i = 0; i < Chunks; i++)
        {
            var update = new ChatResponseUpdate(ChatRole.Assistant, [new TextContent(_words[i])])
            {
                ResponseId = Payloads.ResponseId,
                MessageId = Payloads.ResponseId,
                ModelId = Payloads.Model,
                CreatedAt = created,
                RawRepresentation = _chunks[i],
            };
            total += update.Contents.Count;
        }

        return total;
    }

    /// <summary>The idle limit's arm/disarm around each event (two timestamp writes; one timer per stream checks them).</summary>
    [Benchmark(OperationsPerInvoke = Chunks)]
    public int IdleLimit_StartStop()
    {
        using var idle = new StreamIdleLimit(TimeSpan.FromMinutes(2), CancellationToken.None);
        for (int i = 0; i < Chunks; i++)
        {
            idle.Start();
            idle.Stop();
        }

        return idle.Token.IsCancellationRequested ? 0 : 1;
    }

    private static string? ScanContent(ReadOnlySpan<byte> data)
    {
        if (data.SequenceEqual(DoneMarker))
        {
            return null;
        }

        var reader = new Utf8JsonReader(data);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
        }

        return null;
    }
}

/// <summary>Where our non-streaming time and allocations go (workload 3), per request, stage by stage.</summary>
[MemoryDiagnoser]
public class NonStreamingComponents
{
    private readonly RequestData _data = RequestData.Instance;
    private readonly GreenPTClientOptions _options = new() { ApiKey = Contenders.ApiKey, Endpoint = Contenders.GreenPTEndpoint, DefaultModelId = Payloads.Model };
    private readonly ArrayBufferWriter<byte> _buffer = new(16_384);
    private byte[] _response = null!;
    private ChatCompletionResponse _completion = null!;
    private byte[] _requestBody = null!;
    private ChatCompletionRequest _mapped = null!;
    private HttpClient _http = null!;

    [GlobalSetup]
    public void Setup()
    {
        _response = Payloads.CompletionResponse();
        _completion = JsonSerializer.Deserialize(_response, GreenPTJsonContext.Default.ChatCompletionResponse)!;
        _requestBody = SerializeRequest();
        _mapped = ChatRequestMapper.ToChatCompletionRequest(_data.History, _data.ChatOptions, _options, stream: false);
        _http = new HttpClient(InMemoryHandler.Fixed(_response, "application/json"));
    }

    [GlobalCleanup]
    public void Cleanup() => _http.Dispose();

    /// <summary>MEAI messages and options to our request DTOs (<c>ChatRequestMapper</c>).</summary>
    [Benchmark]
    public int Ours_MapRequest() =>
        ChatRequestMapper.ToChatCompletionRequest(_data.History, _data.ChatOptions, _options, stream: false).Messages.Count;

    /// <summary>Mapping plus writing into a pooled buffer (<c>PooledJsonBody</c>, <c>ChatRequestWriter</c>): the body our client sends.</summary>
    [Benchmark]
    public int Ours_MapAndSerializeRequest()
    {
        using PooledJsonBody body = PooledJsonBody.Write(
            ChatRequestMapper.ToChatCompletionRequest(_data.History, _data.ChatOptions, _options, stream: false), ChatRequestWriter.Write);
        return body.Bytes.Count;
    }

    /// <summary>Writing an already mapped request with the hand-written <c>ChatRequestWriter</c>, as the client does.</summary>
    [Benchmark]
    public int Ours_WriteRequest()
    {
        using PooledJsonBody body = PooledJsonBody.Write(_mapped, ChatRequestWriter.Write);
        return body.Bytes.Count;
    }

    /// <summary>The same request through the source-generated context, which the client used before <c>ChatRequestWriter</c>: the same bytes.</summary>
    [Benchmark]
    public int Ours_WriteRequest_SourceGenerated()
    {
        using PooledJsonBody body = PooledJsonBody.Serialize(_mapped, GreenPTJsonContext.Writer.ChatCompletionRequest);
        return body.Bytes.Count;
    }

    /// <summary>The raw lower bound's request: <see cref="Utf8JsonWriter"/> into a reused buffer.</summary>
    [Benchmark]
    public int Raw_WriteRequest()
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            _data.WriteRawRequest(writer, stream: false);
        }

        return _buffer.WrittenCount;
    }

    /// <summary>Our DTO deserialization from the stream, as the client does (<c>DeserializeAsync</c>).</summary>
    [Benchmark]
    public async Task<int> Ours_DeserializeResponseAsync()
    {
        using var stream = new MemoryStream(_response, writable: false);
        ChatCompletionResponse? completion = await JsonSerializer.DeserializeAsync(stream, GreenPTJsonContext.Default.ChatCompletionResponse);
        return completion!.Choices!.Count;
    }

    /// <summary>DTOs to the MEAI <see cref="ChatResponse"/>, impact included (<c>ChatResponseMapper</c>).</summary>
    [Benchmark]
    public int Ours_MapResponse() => ChatResponseMapper.FromChatCompletion(_completion).Messages.Count;

    /// <summary>The raw lower bound's response read: <see cref="JsonDocument"/> and the content string.</summary>
    [Benchmark]
    public int Raw_ParseResponse()
    {
        using JsonDocument document = JsonDocument.Parse(_response);
        return document.RootElement.GetProperty("choices"u8)[0].GetProperty("message"u8).GetProperty("content"u8).GetString()!.Length;
    }

    /// <summary>The HTTP round trip every contender pays: send our request body, read the 4 KB body to the end.</summary>
    [Benchmark]
    public async Task<long> HttpRoundTrip()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://api.greenpt.test/v1/chat/completions") { Content = new ByteArrayContent(_requestBody) };
        using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using Stream body = await response.Content.ReadAsStreamAsync();
        await body.CopyToAsync(Stream.Null);
        return _requestBody.Length;
    }

    private byte[] SerializeRequest() => JsonSerializer.SerializeToUtf8Bytes(
        ChatRequestMapper.ToChatCompletionRequest(_data.History, _data.ChatOptions, _options, stream: false),
        GreenPTJsonContext.Writer.ChatCompletionRequest);
}
