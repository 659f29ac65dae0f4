using GreenPT.AI.Diagnostics;
using GreenPT.AI.Http;
using GreenPT.AI.Impact;
using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace GreenPT.AI;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for GreenPT's <c>POST /v1/embeddings</c> (default model
/// <c>green-embedding</c>) that reports the impact of every call.
/// </summary>
/// <remarks>
/// <para>Many inputs are sent in batches of <see cref="GreenPTClientOptions.MaxEmbeddingBatchSize"/>, one after another; the
/// embeddings come back in input order, with usage and impact summed over the batches. Read the impact with
/// <see cref="GreenPTImpactExtensions.GetGreenPTImpact{TEmbedding}(GeneratedEmbeddings{TEmbedding})"/>.</para>
/// <para>No input gives no embeddings, without a request (OpenAI-compatible servers refuse an empty <c>input</c>).
/// <see cref="EmbeddingGenerationOptions.Dimensions"/> is sent as <c>dimensions</c> (<c>green-embedding</c> accepts 32 to 2560).
/// Errors, retries and time limits are those of <see cref="GreenPTChatClient"/>.</para>
/// </remarks>
public sealed class GreenPTEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly GreenPTClientCore _core;
    private readonly Uri _embeddingsUri;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Creates a generator for GreenPT's production API with the default settings (model <see cref="GreenPTModels.DefaultEmbedding"/>).</summary>
    /// <param name="apiKey">The API key from account.greenpt.ai.</param>
    /// <exception cref="ArgumentNullException"><paramref name="apiKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty or has white space around it.</exception>
    public GreenPTEmbeddingGenerator(string apiKey)
        : this(new GreenPTClientOptions { ApiKey = Throw.IfInvalidKey(apiKey) })
    {
    }

    /// <summary>Creates a generator from settings, which it copies.</summary>
    /// <param name="options">The settings; <see cref="GreenPTClientOptions.ApiKey"/> is required.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with; when <see langword="null"/> the generator creates and owns one.</param>
    /// <param name="loggerFactory">Where to log one line per request; <see langword="null"/> for nowhere.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names it.</exception>
    public GreenPTEmbeddingGenerator(GreenPTClientOptions options, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
    {
        _core = new GreenPTClientCore(Throw.IfNull(options), httpClient, loggerFactory, typeof(GreenPTEmbeddingGenerator));
        _embeddingsUri = _core.Resolve("embeddings");
        _metadata = new EmbeddingGeneratorMetadata("greenpt", _core.Options.Endpoint, _core.Options.DefaultEmbeddingModelId);
    }

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(values);
        _core.ThrowIfDisposed();
        EmbeddingMapper.Validate(options);
        List<string> inputs = [.. values];
        for (int i = 0; i < inputs.Count; i++)
        {
            if (inputs[i] is null)
            {
                throw new ArgumentException($"values[{i}] is null.", nameof(values));
            }
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Count);
        UsageDetails? usage = null;
        GreenPTImpact? impact = null;
        for (int start = 0; start < inputs.Count; start += _core.Options.MaxEmbeddingBatchSize)
        {
            List<string> batch = inputs.GetRange(start, Math.Min(_core.Options.MaxEmbeddingBatchSize, inputs.Count - start));
            EmbeddingResponse response = await SendBatchAsync(batch, options, cancellationToken).ConfigureAwait(false);
            EmbeddingMapper.AddEmbeddings(result, response, batch.Count);
            if (UsageMapper.FromUsage(response.Usage, response.Impact, out GreenPTImpact? batchImpact) is { } batchUsage)
            {
                (usage ??= new UsageDetails()).Add(batchUsage);
            }

            impact = batchImpact is null ? impact : impact?.Add(batchImpact) ?? batchImpact;
        }

        result.Usage = usage;
        if (impact is not null)
        {
            result.AdditionalProperties = new() { [GreenPTPropertyNames.Impact] = ImpactMapper.ToPropertyValue(impact) };
        }

        return result;
    }

    /// <inheritdoc />
    /// <remarks>Answers <see cref="EmbeddingGeneratorMetadata"/> (provider <c>greenpt</c>), the generator itself and its <see cref="GreenPTClientOptions"/> (a copy without the API key).</remarks>
    public object? GetService(Type serviceType, object? serviceKey = null) => _core.GetService(serviceType, serviceKey, _metadata, this);

    /// <inheritdoc />
    public void Dispose() => _core.Dispose();

    /// <summary>Describes the generator without its API key.</summary>
    public override string ToString() => _core.Describe(_core.Options.DefaultEmbeddingModelId);

    private async Task<EmbeddingResponse> SendBatchAsync(List<string> batch, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        EmbeddingRequest request = EmbeddingMapper.ToEmbeddingRequest(batch, options, _core.Options);
        using PooledJsonBody body = PooledJsonBody.Serialize(request, GreenPTJsonContext.Writer.EmbeddingRequest);
        RequestTelemetry telemetry = _core.StartTelemetry(
            "embeddings", ExtraBodyMapper.ModelOf(request.Model, request), body.Bytes, options?.AdditionalProperties);
        return await _core.ExchangeAsync(
            _embeddingsUri,
            body.Bytes,
            GreenPTJsonContext.Default.EmbeddingResponse,
            telemetry,
            static (embeddings, _, _) => new MappedAnswer<EmbeddingResponse>(embeddings, ResponseId: null, embeddings.Model, ImpactMapper.FromDto(embeddings.Impact)),
            cancellationToken).ConfigureAwait(false);
    }
}
