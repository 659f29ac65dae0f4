using System.Buffers;
using System.Buffers.Text;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAIEmbeddings = OpenAI.Embeddings;

namespace GreenPT.AI.Benchmarks;

/// <summary>
/// Workload 5: 100 inputs in, 100 embeddings of 1,024 dimensions out. The answer is served in the encoding each client asks for
/// (GreenPT documents <c>encoding_format</c> <c>float</c> and <c>base64</c>): base64 of little-endian float32 for a client that asks
/// for it, else JSON numbers written as a Python server writes a float32 turned double (<c>0.012345678918063641</c>).
/// </summary>
public static class EmbeddingPayloads
{
    public const int Inputs = 100;
    public const int Dimensions = 1_024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The inputs: short sentences, as a retrieval index would embed.</summary>
    public static IReadOnlyList<string> Texts { get; } = Enumerable.Range(0, Inputs)
        .Select(i => string.Create(CultureInfo.InvariantCulture, $"Document {i}: smaller models answer most questions well and use less energy."))
        .ToArray();

    /// <summary>Vector <paramref name="input"/>: deterministic values in [-0.1, 0.1].</summary>
    public static float[] Vector(int input)
    {
        var vector = new float[Dimensions];
        for (int d = 0; d < Dimensions; d++)
        {
            vector[d] = (float)(Math.Sin((input * 31) + (d * 0.37)) * 0.1);
        }

        return vector;
    }

    /// <summary>The sum of every component of every vector: what each consumer must get.</summary>
    public static double ExpectedSum { get; } = Enumerable.Range(0, Inputs).Sum(i => Vector(i).Sum(v => (double)v));

    /// <summary>The <c>/v1/embeddings</c> answer, with vectors as base64 or as JSON numbers.</summary>
    public static byte[] Response(bool base64)
    {
        var buffer = new ArrayBufferWriter<byte>(base64 ? 600_000 : 2_200_000);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            for (int i = 0; i < Inputs; i++)
            {
                w.WriteStartObject();
                w.WriteString("object", "embedding");
                w.WriteNumber("index", i);
                float[] vector = Vector(i);
                if (base64)
                {
                    w.WriteBase64String("embedding", MemoryMarshal.AsBytes(vector.AsSpan()));
                }
                else
                {
                    w.WriteStartArray("embedding");
                    foreach (float v in vector)
                    {
                        w.WriteNumberValue((double)v); // a float32 value printed as the double Python holds it
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("model", "green-embedding");
            w.WriteStartObject("usage");
            w.WriteNumber("prompt_tokens", 1_600);
            w.WriteNumber("total_tokens", 1_600);
            w.WriteEndObject();
            w.WriteStartObject("impact");
            w.WriteStartObject("energy");
            w.WriteNumber("total", 120);
            w.WriteString("unit", "Wms");
            w.WriteEndObject();
            w.WriteStartObject("emissions");
            w.WriteNumber("total", 11);
            w.WriteString("unit", "ugCO2e");
            w.WriteEndObject();
            w.WriteString("version", "20250922");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Whether a request body asks for base64.</summary>
    public static bool AsksForBase64(ReadOnlySpan<byte> requestBody)
    {
        var reader = new Utf8JsonReader(requestBody);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("encoding_format"u8))
            {
                reader.Read();
                return reader.ValueTextEquals("base64"u8);
            }
        }

        return false; // the API's default is float
    }
}

/// <summary>Serves each embedding request the encoding its body asks for; reads the body to the end as a transport would.</summary>
public sealed class EmbeddingHandler : HttpMessageHandler
{
    private static readonly byte[] FloatBody = EmbeddingPayloads.Response(base64: false);
    private static readonly byte[] Base64Body = EmbeddingPayloads.Response(base64: true);
    private readonly MemoryStream _request = new();

    public bool? LastAskedForBase64 { get; private set; }

    public int LastInputCount { get; private set; }

    public bool CaptureRequests { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _request.SetLength(0);
        await request.Content!.CopyToAsync(_request, cancellationToken).ConfigureAwait(false);
        ReadOnlySpan<byte> body = _request.GetBuffer().AsSpan(0, (int)_request.Length);
        bool base64 = EmbeddingPayloads.AsksForBase64(body);
        LastAskedForBase64 = base64;
        if (CaptureRequests)
        {
            using JsonDocument document = JsonDocument.Parse(_request.ToArray());
            LastInputCount = document.RootElement.GetProperty("input").GetArrayLength();
        }

        byte[] bytes = base64 ? Base64Body : FloatBody;
        var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK)
        {
            RequestMessage = request,
            Content = new StreamContent(new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true)),
        };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        response.Content.Headers.ContentLength = bytes.Length;
        return response;
    }

    protected override void Dispose(bool disposing)
    {
        _request.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>
/// The three embedding contenders: our <see cref="GreenPTEmbeddingGenerator"/>, the OpenAI SDK's <c>EmbeddingClient</c> (which asks
/// for base64), and a raw bound that asks for base64, reads the body into a pooled buffer and decodes each vector straight from the
/// JSON string into a float array.
/// Each consumer adds up every component, so every vector is touched.
/// </summary>
public sealed class EmbeddingContenders : IDisposable
{
    private static readonly Uri Endpoint = new("https://api.greenpt.test/v1/");
    private readonly HttpClient _oursHttp;
    private readonly HttpClient _sdkHttp;
    private readonly HttpClient _rawHttp;
    private readonly GreenPTEmbeddingGenerator _ours;
    private readonly OpenAIEmbeddings.EmbeddingClient _sdk;
    private readonly ArrayBufferWriter<byte> _rawBody = new(16_384);
    private readonly Utf8JsonWriter _rawWriter;
    private readonly AuthenticationHeaderValue _rawAuthorization = new("Bearer", Contenders.ApiKey);

    public EmbeddingContenders()
    {
        OursHandler = new EmbeddingHandler();
        SdkHandler = new EmbeddingHandler();
        RawHandler = new EmbeddingHandler();
        _oursHttp = new HttpClient(OursHandler);
        _sdkHttp = new HttpClient(SdkHandler);
        _rawHttp = new HttpClient(RawHandler);
        _ours = new GreenPTEmbeddingGenerator(new GreenPTClientOptions { ApiKey = Contenders.ApiKey, Endpoint = Endpoint }, _oursHttp);
        _sdk = new OpenAIEmbeddings.EmbeddingClient(
            "green-embedding",
            new ApiKeyCredential(Contenders.ApiKey),
            new OpenAIClientOptions { Endpoint = new Uri("https://api.greenpt.test/v1"), Transport = new HttpClientPipelineTransport(_sdkHttp) });
        _rawWriter = new Utf8JsonWriter(_rawBody, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    public EmbeddingHandler OursHandler { get; }
    public EmbeddingHandler SdkHandler { get; }
    public EmbeddingHandler RawHandler { get; }

    public Task<double> RunAsync(Contender contender) => contender switch
    {
        Contender.GreenPT => OursAsync(),
        Contender.OpenAISdk => SdkAsync(),
        Contender.RawLowerBound => RawAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(contender)),
    };

    public async Task<double> OursAsync()
    {
        GeneratedEmbeddings<Embedding<float>> embeddings = await _ours.GenerateAsync(EmbeddingPayloads.Texts);
        double sum = 0;
        for (int i = 0; i < embeddings.Count; i++)
        {
            sum += Sum(embeddings[i].Vector.Span);
        }

        return sum;
    }

    public async Task<double> SdkAsync()
    {
        ClientResult<OpenAIEmbeddings.OpenAIEmbeddingCollection> result = await _sdk.GenerateEmbeddingsAsync(EmbeddingPayloads.Texts);
        double sum = 0;
        foreach (OpenAIEmbeddings.OpenAIEmbedding embedding in result.Value)
        {
            sum += Sum(embedding.ToFloats().Span);
        }

        return sum;
    }

    public async Task<double> RawAsync()
    {
        _rawBody.ResetWrittenCount();
        _rawWriter.Reset(_rawBody);
        _rawWriter.WriteStartObject();
        _rawWriter.WriteString("model"u8, "green-embedding"u8);
        _rawWriter.WriteStartArray("input"u8);
        foreach (string text in EmbeddingPayloads.Texts)
        {
            _rawWriter.WriteStringValue(text);
        }

        _rawWriter.WriteEndArray();
        _rawWriter.WriteString("encoding_format"u8, "base64"u8);
        _rawWriter.WriteEndObject();
        _rawWriter.Flush();

        using var content = new ReadOnlyMemoryContent(_rawBody.WrittenMemory);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Endpoint, "embeddings")) { Content = content };
        request.Headers.Authorization = _rawAuthorization;
        using HttpResponseMessage response = await _rawHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        // The body into a pooled buffer (no 550 KB array on the large object heap per call), then one reader pass.
        using Stream stream = await response.Content.ReadAsStreamAsync();
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)(response.Content.Headers.ContentLength ?? 65_536) + 1);
        int length = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length))) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            List<float[]> vectors = ReadVectors(buffer.AsSpan(0, length));
            double sum = 0;
            foreach (float[] vector in vectors)
            {
                sum += Sum(vector);
            }

            return sum;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The raw reader: each <c>embedding</c> string decoded from base64 straight into the float array's bytes.</summary>
    private static List<float[]> ReadVectors(ReadOnlySpan<byte> body)
    {
        var vectors = new List<float[]>(EmbeddingPayloads.Inputs);
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("embedding"u8))
            {
                reader.Read();
                ReadOnlySpan<byte> base64 = reader.ValueSpan;
                var vector = new float[Base64.GetMaxDecodedFromUtf8Length(base64.Length) / sizeof(float)];
                Base64.DecodeFromUtf8(base64, MemoryMarshal.AsBytes(vector.AsSpan()), out _, out int written);
                vectors.Add(written == vector.Length * sizeof(float) ? vector : vector[..(written / sizeof(float))]);
            }
            else if (reader.TokenType == JsonTokenType.PropertyName && (reader.ValueTextEquals("usage"u8) || reader.ValueTextEquals("impact"u8)))
            {
                reader.Read();
                reader.Skip();
            }
        }

        return vectors;
    }

    /// <summary>
    /// The consumer's work, the same for every contender, and about a third of each call: kept out of line so that it is the same
    /// code for each. The JIT had inlined it into <see cref="OursAsync"/>'s state machine and not into the raw bound, and there
    /// the same loop cost about 35 us more per call (median of <c>--loop embed:pair</c>: 208 us before, 174 us after).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Sum(ReadOnlySpan<float> vector)
    {
        double sum = 0;
        foreach (float v in vector)
        {
            sum += v;
        }

        return sum;
    }

    public void Dispose()
    {
        _ours.Dispose();
        _oursHttp.Dispose();
        _sdkHttp.Dispose();
        _rawHttp.Dispose();
        _rawWriter.Dispose();
    }
}

/// <summary>Workload 5: 100 inputs, 1,024 dimensions, per contender.</summary>
[MemoryDiagnoser]
public class EmbeddingBenchmarks
{
    private EmbeddingContenders _contenders = null!;

    [GlobalSetup(Target = nameof(GreenPT))]
    public void SetupGreenPT() => Warmup.Before((_contenders = new EmbeddingContenders()).OursAsync);

    [GlobalSetup(Target = nameof(OpenAISdk))]
    public void SetupOpenAISdk() => Warmup.Before((_contenders = new EmbeddingContenders()).SdkAsync);

    [GlobalSetup(Target = nameof(RawLowerBound))]
    public void SetupRawLowerBound() => Warmup.Before((_contenders = new EmbeddingContenders()).RawAsync);

    [GlobalCleanup]
    public void Cleanup() => _contenders.Dispose();

    [Benchmark]
    public Task<double> GreenPT() => _contenders.OursAsync();

    [Benchmark(Baseline = true)]
    public Task<double> OpenAISdk() => _contenders.SdkAsync();

    [Benchmark]
    public Task<double> RawLowerBound() => _contenders.RawAsync();
}
