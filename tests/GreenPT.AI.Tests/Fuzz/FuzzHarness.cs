using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GreenPT.AI.Http;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Fuzz;

/// <summary>
/// Drives the real clients (chat non-streaming and streaming, embeddings, the model list, rerank, both web searches, a
/// transcription) through an in-memory handler that answers with a fuzz case's bytes, and checks the contract: an answer or one
/// <see cref="GreenPTException"/> (never another type, and never one that only the client's last-resort net caught), the HTTP
/// status on an error status, within a bound, the response disposed, the key in no message; plus what the case expects.
/// </summary>
internal sealed class FuzzHarness : IDisposable
{
    /// <summary>A bound per case: a case taking longer has hung (in memory, a healthy case takes well under a millisecond).</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly FuzzHandler _handler = new();
    private readonly GreenPTChatClient _chat;
    private readonly GreenPTEmbeddingGenerator _embeddings;
    private readonly GreenPTModelCatalog _models;
    private readonly GreenPTReranker _reranker;
    private readonly GreenPTWebSearchClient _search;
    private readonly GreenPTSpeechToTextClient _speech;
    private readonly byte[] _audio = TestAudio.Wav(0.05);
    private readonly Dictionary<FuzzSeed, string> _cleanAnswers = [];
    private readonly Dictionary<FuzzSeed, string?> _cleanRequestIds = [];

    public FuzzHarness()
    {
        var options = new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = TestClients.Endpoint, MaxRetries = 0 };
        _chat = new GreenPTChatClient(options, new HttpClient(_handler));
        _embeddings = new GreenPTEmbeddingGenerator(options, new HttpClient(_handler));
        _models = new GreenPTModelCatalog(options, new HttpClient(_handler));
        _reranker = new GreenPTReranker(options, new HttpClient(_handler));
        _search = new GreenPTWebSearchClient(options, new HttpClient(_handler));
        _speech = new GreenPTSpeechToTextClient(options, new HttpClient(_handler));
    }

    public int Cases { get; private set; }

    public List<string> Failures { get; } = [];

    public Stopwatch Elapsed { get; } = new();

    /// <summary>Runs one case; a broken contract is added to <see cref="Failures"/> with the case, the reproduction and the body.</summary>
    public async Task RunAsync(FuzzCase fuzzCase, string reproduce)
    {
        Cases++;
        Elapsed.Start();
        try
        {
            string? problem = await CheckAsync(fuzzCase);
            if (problem is not null)
            {
                Failures.Add($"{reproduce}: {fuzzCase}\n    -> {problem}\n    body: {Mutations.Describe(fuzzCase.Body)}");
            }
        }
        finally
        {
            Elapsed.Stop();
        }
    }

    /// <summary>Asserts that no case broke the contract; the message lists the first failures.</summary>
    public void AssertNoFailures(string what)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(FormattableString.Invariant(
            $"{what}: {Cases} cases in {Elapsed.Elapsed.TotalMilliseconds:F0} ms, {Failures.Count} failed."));
        if (Failures.Count > 0 && Environment.GetEnvironmentVariable("GREENPT_FUZZ_REPORT") is { Length: > 0 } report)
        {
            File.AppendAllLines(report, Failures.Select(f => f.Split('\n')[0] + " " + f.Split('\n')[1].Trim()));
        }

        if (Failures.Count > 0)
        {
            Assert.Fail($"{Failures.Count} of {Cases} fuzz cases broke the contract ({what}). First ones:\n" + string.Join("\n", Failures.Take(15)));
        }
    }

    public void Dispose()
    {
        _chat.Dispose();
        _embeddings.Dispose();
        _models.Dispose();
        _reranker.Dispose();
        _search.Dispose();
        _speech.Dispose();
        _handler.Dispose();
    }

    private async Task<string?> CheckAsync(FuzzCase fuzzCase)
    {
        FuzzSeed seed = fuzzCase.Seed;
        if (!_cleanAnswers.TryGetValue(seed, out _))
        {
            (string? cleanAnswer, Exception? cleanError) = await CallAsync(seed, seed.Body, [], dropAfter: null);
            _cleanAnswers[seed] = cleanAnswer ?? string.Empty;
            _cleanRequestIds[seed] = (cleanError as GreenPTException)?.RequestId;
            if ((cleanError is null) == seed.CarriesError)
            {
                return $"the clean seed itself gave {(cleanError is null ? "an answer" : cleanError.ToString())}";
            }
        }

        Task<(string? Answer, Exception? Error)> call = CallAsync(seed, fuzzCase.Body, fuzzCase.ReadCuts, fuzzCase.DropAfter);
        if (await Task.WhenAny(call, Task.Delay(Bound, TestContext.Current.CancellationToken)) != call)
        {
            return $"hung: no outcome within {Bound}";
        }

        (string? answer, Exception? error) = await call;
        if (!_handler.ResponseDisposed)
        {
            return "the response (and its body stream) was left open";
        }

        if (error is not null)
        {
            if (error is not GreenPTException greenPT)
            {
                return $"threw {error.GetType().FullName} instead of a GreenPTException: {error}";
            }

            if (greenPT.InnerException is { } inner && GreenPTErrors.IsUnreadableAnswer(inner))
            {
                return $"only the last-resort net caught it (the wire readers let a value through): {inner}";
            }

            if (error.ToString().Contains(TestClients.ApiKey, StringComparison.Ordinal))
            {
                return "the API key is in the exception";
            }

            if (seed.IsErrorStatus && (int?)greenPT.StatusCode != seed.Status)
            {
                return $"the status {seed.Status} was not reported (StatusCode {greenPT.StatusCode?.ToString() ?? "null"}): {error.Message}";
            }

            if (fuzzCase.KeepsStructuredError && greenPT.RequestId != _cleanRequestIds[seed])
            {
                return $"the error body's request id '{_cleanRequestIds[seed]}' was lost (got '{greenPT.RequestId}'): the body was not read field by field";
            }

            return fuzzCase.Expect is Expected.Answer or Expected.SameAnswer ? $"expected an answer, got: {error.Message}" : null;
        }

        return fuzzCase.Expect switch
        {
            Expected.Failure => $"expected a GreenPTException, got an answer: '{Shorten(answer)}'",
            Expected.SameAnswer when answer != _cleanAnswers[seed] => $"the answer changed: '{Shorten(answer)}' instead of '{Shorten(_cleanAnswers[seed])}'",
            _ => null,
        };
    }

    /// <summary>Makes the call the seed answers; returns what the caller would see of the answer (its fingerprint) or the exception.</summary>
    private async Task<(string? Answer, Exception? Error)> CallAsync(FuzzSeed seed, byte[] body, int[] cuts, int? dropAfter)
    {
        _handler.Next(seed.Status, seed.Kind == SeedKind.ChatStream && seed.Status == 200 ? "text/event-stream" : "application/json", body, cuts, dropAfter);
        CancellationToken ct = TestContext.Current.CancellationToken;
        try
        {
            switch (seed.Kind)
            {
                case SeedKind.ChatJson:
                {
                    ChatResponse response = await _chat.GetResponseAsync("Hi", cancellationToken: ct);
                    return (UseLikeACaller(response), null);
                }

                case SeedKind.ChatStream:
                {
                    var updates = new List<ChatResponseUpdate>();
                    await foreach (ChatResponseUpdate update in _chat.GetStreamingResponseAsync("Hi", cancellationToken: ct))
                    {
                        _ = update.Text;
                        _ = update.GetGreenPTImpact();
                        updates.Add(update);
                    }

                    return (UseLikeACaller(updates.ToChatResponse()), null);
                }

                case SeedKind.Embeddings:
                {
                    GeneratedEmbeddings<Embedding<float>> embeddings = await _embeddings.GenerateAsync(["a", "b"], cancellationToken: ct);
                    _ = embeddings.GetGreenPTImpact();
                    _ = JsonSerializer.Serialize(embeddings.Usage, AIJsonUtilities.DefaultOptions);
                    return (string.Join("|", embeddings.Select(e => string.Join(",", e.Vector.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))))), null);
                }

                case SeedKind.Rerank:
                {
                    GreenPTRerankResult ranked = await _reranker.RerankAsync("q", ["solar", "wind power"], cancellationToken: ct);
                    _ = ranked.Impact?.ToString();
                    _ = JsonSerializer.Serialize(ranked.Usage, AIJsonUtilities.DefaultOptions);
                    return (string.Join("|", ranked.Results.Select(r => FormattableString.Invariant($"{r.Index}:{r.RelevanceScore:R}:{r.Document}"))), null);
                }

                case SeedKind.WebSearch or SeedKind.LinkSearch:
                {
                    GreenPTWebSearchResult found = seed.Kind == SeedKind.WebSearch
                        ? await _search.SearchAsync("wind", cancellationToken: ct)
                        : await _search.SearchLinksAsync("wind", cancellationToken: ct);
                    _ = found.Impact?.ToString();
                    _ = found.Note;
                    return (string.Join("|", found.Sources.Select(source => $"{source.Number}:{source.Title}:{source.Url}:{source.Snippet}:{source.Content}:{source}")), null);
                }

                case SeedKind.SpeechToText:
                {
                    SpeechToTextResponse heard = await _speech.GetTextAsync(new MemoryStream(_audio), cancellationToken: ct);
                    _ = heard.ResponseId;
                    _ = heard.EndTime;
                    _ = JsonSerializer.Serialize(heard, AIJsonUtilities.DefaultOptions);
                    string words = string.Join(",", heard.GetGreenPTWords().Select(w => FormattableString.Invariant($"{w.Text}@{w.Start}-{w.End}:{w.Speaker}:{w.Confidence:R}")));
                    return (heard.Text + "|" + words, null);
                }

                default:
                {
                    IReadOnlyList<GreenPTModelInfo> models = await _models.ListAsync(cancellationToken: ct);
                    return (string.Join(",", models.Select(m => m.Id)), null);
                }
            }
        }
#pragma warning disable CA1031 // Every exception is an outcome to check.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (null, ex);
        }
    }

    /// <summary>What an application and its middleware do with a response: read it, its impact and usage, and cache it as JSON.</summary>
    private static string UseLikeACaller(ChatResponse response)
    {
        GreenPTImpact? impact = response.GetGreenPTImpact();
        GreenPTImpact? counted = response.Usage?.GetGreenPTImpact();
        if (impact?.EnergyInJoules is double joules && counted?.EnergyInJoules is double countedJoules
            && Math.Abs(joules - countedJoules) > Math.Max(1e-6, Math.Abs(joules) * 1e-9))
        {
            throw new InvalidDataException(FormattableString.Invariant(
                $"The energy mirrored into the usage counts ({countedJoules} J) is not the impact's ({joules} J): a count wrapped around."));
        }

        _ = response.GetTotalGreenPTImpact()?.ToString();
        _ = response.FinishReason?.ToString();
        _ = JsonSerializer.Serialize(response, AIJsonUtilities.DefaultOptions);
        return response.Text;
    }

    private static string Shorten(string? text) => text is null ? "(null)" : text.Length <= 120 ? text : text[..120] + "…";

    /// <summary>Answers every request with the next case's status and body; tells whether the last response was disposed.</summary>
    private sealed class FuzzHandler : HttpMessageHandler
    {
        private int _status;
        private string _mediaType = "application/json";
        private byte[] _body = [];
        private int[] _cuts = [];
        private int? _dropAfter;
        private TrackedStream? _last;

        public bool ResponseDisposed => _last?.Disposed ?? true;

        public void Next(int status, string mediaType, byte[] body, int[] cuts, int? dropAfter)
        {
            _dropAfter = dropAfter;
            _status = status;
            _mediaType = mediaType;
            _body = body;
            _cuts = cuts;
            _last = null;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _last = new TrackedStream(new ChunkedStream(_body, _dropAfter is int drop ? [.. _cuts, drop] : _cuts), _dropAfter);
            var content = new StreamContent(_last);
            content.Headers.ContentType = new MediaTypeHeaderValue(_mediaType);
            var response = new HttpResponseMessage((HttpStatusCode)_status) { Content = content, RequestMessage = request };
            response.Headers.TryAddWithoutValidation("x-request-id", "req_header");
            return Task.FromResult(response);
        }
    }

    /// <summary>A body stream that records its disposal and, when told, breaks like a dropped connection.</summary>
    private sealed class TrackedStream(Stream inner, int? dropAfter) : Stream
    {
        private int _read;

        public bool Disposed { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_read >= dropAfter)
            {
                throw new IOException("The connection was reset by the fuzzer.");
            }

            int n = inner.Read(dropAfter is int drop ? buffer[..Math.Min(buffer.Length, drop - _read)] : buffer);
            _read += n;
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

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
