using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Client;

/// <summary>
/// The embeddings answer is read whole into one pooled buffer, then parsed in one pass: whatever the body's framing (with or
/// without <c>Content-Length</c>, longer or shorter than announced, in small pieces), the vectors are exact, a body cut short is a
/// clear <see cref="GreenPTException"/>, and the caller's token and the response time limit still bound the reading.
/// </summary>
public sealed class EmbeddingBodyReadingTests
{
    private const int Inputs = 40;
    private const int Dimensions = 1_024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static float[] Vector(int input) => [.. Enumerable.Range(0, Dimensions).Select(d => (float)Math.Sin((input * 7) + (d * 0.1)))];

    /// <summary>A base64 answer of about 220 KB (larger than any first buffer but the one sized from its length).</summary>
    private static byte[] LargeBase64Answer(int inputs = Inputs)
    {
        var text = new StringBuilder("""{"object":"list","data":[""");
        for (int i = 0; i < inputs; i++)
        {
            byte[] bytes = new byte[Dimensions * sizeof(float)];
            float[] vector = Vector(i);
            for (int d = 0; d < Dimensions; d++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(d * sizeof(float)), vector[d]);
            }

            text.Append(i == 0 ? "" : ",").Append(System.Globalization.CultureInfo.InvariantCulture, $$"""{"object":"embedding","index":{{i}},"embedding":"{{Convert.ToBase64String(bytes)}}"}""");
        }

        text.Append("""],"model":"green-embedding","usage":{"prompt_tokens":80,"total_tokens":80},"impact":{"energy":{"total":120,"unit":"Wms"},"emissions":{"total":11,"unit":"ugCO2e"},"version":"20250922"}}""");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string[] Texts(int count = Inputs) => [.. Enumerable.Range(0, count).Select(i => $"text {i}")];

    private static GreenPTEmbeddingGenerator Create(Func<HttpResponseMessage> respond, Action<GreenPTClientOptions>? configure = null)
    {
        var options = new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = TestClients.Endpoint, MaxRetries = 0 };
        configure?.Invoke(options);
        return new GreenPTEmbeddingGenerator(options, new HttpClient(new ScriptedHandler(respond)));
    }

    /// <summary>An answer whose body is <paramref name="body"/>, announcing <paramref name="contentLength"/> (none when null).</summary>
    private static Func<HttpResponseMessage> Answer(Func<Stream> body, long? contentLength) => () =>
    {
        var content = new StreamContent(body());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentLength = contentLength;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    };

    private static void AssertExact(GeneratedEmbeddings<Embedding<float>> result, int inputs = Inputs)
    {
        Assert.Equal(inputs, result.Count);
        for (int i = 0; i < inputs; i++)
        {
            Assert.Equal(Vector(i), result[i].Vector.ToArray());
            Assert.Equal("green-embedding", result[i].ModelId);
        }

        Assert.Equal(80, result.Usage!.InputTokenCount);
        Assert.Equal(new GreenPTMeasurement(120, "Wms"), result.GetGreenPTImpact()!.Energy);
        Assert.Equal(new GreenPTMeasurement(11, "ugCO2e"), result.GetGreenPTImpact()!.Emissions);
    }

    public static TheoryData<string> Framings => ["exact length", "no length", "chunked in small pieces without a length", "longer than announced", "announced length, small pieces"];

    [Theory, MemberData(nameof(Framings))]
    public async Task LargeBase64Answer_IsExact_WhateverItsFraming(string framing)
    {
        byte[] body = LargeBase64Answer();
        int[] cuts = [.. Enumerable.Range(1, body.Length / 1_000).Select(i => i * 997)];
        Func<HttpResponseMessage> respond = framing switch
        {
            "exact length" => Answer(() => new MemoryStream(body), body.Length),
            "no length" => Answer(() => new ChunkedStream(body, []), null),
            "chunked in small pieces without a length" => Answer(() => new ChunkedStream(body, cuts), null),
            "longer than announced" => Answer(() => new ChunkedStream(body, cuts), body.Length / 3), // a handler that decompressed it
            _ => Answer(() => new ChunkedStream(body, cuts), body.Length),
        };
        using GreenPTEmbeddingGenerator generator = Create(respond);

        AssertExact(await generator.GenerateAsync(Texts(), cancellationToken: Ct));
    }

    [Fact]
    public async Task ManyCalls_ReuseNoBytesOfAnEarlierAnswer()
    {
        // A pooled buffer is not cleared: a shorter answer after a longer one must be read from its own bytes only.
        byte[] large = LargeBase64Answer();
        byte[] small = LargeBase64Answer(inputs: 2);
        int call = 0;
        using GreenPTEmbeddingGenerator generator = Create(() => (call++ % 2 == 0 ? Answer(() => new MemoryStream(large), null) : Answer(() => new MemoryStream(small), small.Length))());

        for (int round = 0; round < 3; round++)
        {
            AssertExact(await generator.GenerateAsync(Texts(), cancellationToken: Ct));
            GeneratedEmbeddings<Embedding<float>> two = await generator.GenerateAsync(Texts(2), cancellationToken: Ct);
            Assert.Equal([Vector(0), Vector(1)], two.Select(e => e.Vector.ToArray()));
        }
    }

    [Fact]
    public async Task LargeFloatNumberAnswer_InSmallPieces_IsRead()
    {
        // A server that ignores encoding_format answers with numbers.
        var text = new StringBuilder("""{"data":[""");
        for (int i = 0; i < 8; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(System.Globalization.CultureInfo.InvariantCulture, $$"""{"index":{{7 - i}},"embedding":[{{string.Join(",", Vector(7 - i).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}}]}""");
        }

        text.Append("""],"model":"green-embedding","usage":{"prompt_tokens":80,"total_tokens":80},"impact":{"energy":{"total":120,"unit":"Wms"},"emissions":{"total":11,"unit":"ugCO2e"}}}""");
        byte[] body = Encoding.UTF8.GetBytes(text.ToString());
        using GreenPTEmbeddingGenerator generator = Create(Answer(() => new ChunkedStream(body, [.. Enumerable.Range(1, body.Length / 500).Select(i => i * 499)]), null));

        AssertExact(await generator.GenerateAsync(Texts(8), cancellationToken: Ct), inputs: 8);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BodyCutShort_IsAClearGreenPTException(bool announced)
    {
        byte[] body = LargeBase64Answer();
        byte[] cut = body[..(body.Length / 2)];
        using GreenPTEmbeddingGenerator generator = Create(Answer(() => new MemoryStream(cut), announced ? body.Length : null));

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => generator.GenerateAsync(Texts(), cancellationToken: Ct));

        Assert.StartsWith("GreenPT returned a response body that is not valid JSON of the expected shape", ex.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.DoesNotContain(TestClients.ApiKey, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyBody_IsAClearGreenPTException()
    {
        using GreenPTEmbeddingGenerator generator = Create(Answer(() => new MemoryStream([]), 0));

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => generator.GenerateAsync(Texts(1), cancellationToken: Ct));

        Assert.StartsWith("GreenPT returned a response body that is not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionBrokenMidBody_IsAnInterruptedResponse()
    {
        byte[] body = LargeBase64Answer();
        var failure = new IOException("Unable to read data from the transport connection: Connection reset by peer.");
        using GreenPTEmbeddingGenerator generator = Create(Answer(() => new PartThen(body[..50_000], _ => throw failure), body.Length));

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => generator.GenerateAsync(Texts(), cancellationToken: Ct));

        Assert.StartsWith("The GreenPT response was interrupted before it was complete", ex.Message, StringComparison.Ordinal);
        Assert.Same(failure, ex.InnerException);
    }

    [Fact]
    public async Task CallerCancellation_WhileTheBodyIsRead_Cancels()
    {
        byte[] body = LargeBase64Answer();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using GreenPTEmbeddingGenerator generator = Create(Answer(() => new PartThen(body[..50_000], async token =>
        {
            await cancel.CancelAsync();
            await Task.Delay(Timeout.Infinite, token);
        }), body.Length));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(Texts(), cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task ResponseTimeout_WhileTheBodyIsRead_IsATimeout()
    {
        byte[] body = LargeBase64Answer();
        using GreenPTEmbeddingGenerator generator = Create(
            Answer(() => new PartThen(body[..50_000], token => Task.Delay(Timeout.Infinite, token)), null),
            o => o.ResponseTimeout = TimeSpan.FromMilliseconds(200));

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => generator.GenerateAsync(Texts(), cancellationToken: Ct));

        Assert.Contains("ResponseTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Elements_AreReadAsTheGeneratedContractReadsThem()
    {
        // Null elements skipped, unknown fields skipped (objects and arrays whole), escaped names unescaped, a repeated field's last value kept.
        const string body = """
            {"data":[null,
              {"object":"embedding","extra":{"index":5,"embedding":[9]},"list":[1,[2]],"\u0069ndex":1,"embedding":[1,2]},
              {"embedding":[7],"index":"0","embedding":"AACAPw=="}],
             "model":"green-embedding"}
            """;
        using GreenPTEmbeddingGenerator generator = Create(ScriptedHandler.Json(body));

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["a", "b"], cancellationToken: Ct);

        Assert.Equal([1f], result[0].Vector.ToArray());
        Assert.Equal([1f, 2f], result[1].Vector.ToArray());
    }

    [Theory]
    [InlineData("""{"data":{"index":0}}""", "'data' must be an array")]
    [InlineData("""{"data":[7]}""", "'data[]' must be an object")]
    [InlineData("""{"data":[{"index":0,"embedding":true}]}""", "'embedding' must be an array of numbers or a base64 string")]
    [InlineData("""{"data":[{"index":0,"embedding":[1]},{"index":1,"embedding":"AAAA"}]}""", "$.data[1].embedding")]
    [InlineData("""{"data":[{"index":0,"embedding":["x"]}]}""", "'embedding[]' must be a number")]
    [InlineData("""{"data":[{"index":0,"embedding":[1,}]}""", "not valid JSON")]
    public async Task MalformedElements_FailNamingWhatIsWrong(string body, string expected)
    {
        using GreenPTEmbeddingGenerator generator = Create(ScriptedHandler.Json(body));

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => generator.GenerateAsync(["a", "b"], cancellationToken: Ct));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorObjectInASuccessBody_IsStillTheServersError()
    {
        using GreenPTEmbeddingGenerator generator = Create(ScriptedHandler.Json("""{"data":null,"error":{"message":"Model overloaded","type":"server_error"}}"""));

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => generator.GenerateAsync(["a"], cancellationToken: Ct));

        Assert.Contains("Model overloaded", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Gives <paramref name="first"/>, then hands every further read to <paramref name="after"/> (which stalls or fails).</summary>
    private sealed class PartThen(byte[] first, Func<CancellationToken, Task> after) : ReadOnlyTestStream
    {
        private int _position;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < first.Length)
            {
                int n = Math.Min(buffer.Length, Math.Min(first.Length - _position, 4_096));
                first.AsMemory(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }

            await after(cancellationToken);
            return 0;
        }
    }
}
