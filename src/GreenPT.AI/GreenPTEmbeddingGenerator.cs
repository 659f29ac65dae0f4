using System.Text.Json;
using GreenPT.AI.Diagnostics;
using GreenPT.AI.Http;
using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GreenPT.AI;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for GreenPT's <c>POST /v1/embeddings</c> (default model
/// <c>green-embedding</c>) that reports the impact of every call.
/// </summary>
/// <remarks>
/// <para>Many inputs are sent in batches of <see cref="GreenPTClientOptions.MaxEmbeddingBatchSize"/>, one after another; the
/// embeddings come back in input order, with usage and impact summed over the batches. Read the impact with
/// <see cref="GreenPTEmbeddingExtensions.GetGreenPTImpact{TEmbedding}(GeneratedEmbeddings{TEmbedding})"/>.</para>
/// <para><see cref="EmbeddingGenerationOptions.Dimensions"/> is sent as <c>dimensions</c> (<c>green-embedding</c> accepts 32 to 2560).
/// Errors, retries and time limits are those of <see cref="GreenPTChatClient"/>.</para>
/// </remarks>
public sealed class GreenPTEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly GreenPTClientOptions _options;
    private readonly GreenPTRequestSender _sender;
    private readonly Uri _embeddingsUri;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly ILogger _logger;

    /// <summary>Creates a generator for GreenPT's production API.</summary>
    /// <param name="apiKey">The API key from account.greenpt.ai.</param>
    /// <param name="defaultModelId">The model used when <see cref="EmbeddingGenerationOptions.ModelId"/> is not set; <c>green-embedding</c> when <see langword="null"/>.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with; when <see langword="null"/> the generator creates and owns one.</param>
    public GreenPTEmbeddingGenerator(string apiKey, string? defaultModelId = null, HttpClient? httpClient = null)
        : this(new GreenPTClientOptions { ApiKey = apiKey, DefaultEmbeddingModelId = defaultModelId ?? GreenPTClientOptions.DefaultEmbeddingModel }, httpClient)
    {
    }

    /// <summary>Creates a generator from settings, which it copies.</summary>
    /// <param name="options">The settings; <see cref="GreenPTClientOptions.ApiKey"/> is required.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with; when <see langword="null"/> the generator creates and owns one.</param>
    public GreenPTEmbeddingGenerator(GreenPTClientOptions options, HttpClient? httpClient = null)
        : this(options, httpClient, loggerFactory: null)
    {
    }

    /// <summary>Creates a generator from settings, which it copies, that logs one line per request through <paramref name="loggerFactory"/>.</summary>
    /// <param name="options">The settings; <see cref="GreenPTClientOptions.ApiKey"/> is required.</param>
    /// <param name="httpClient">The <see cref="HttpClient"/> to send with; when <see langword="null"/> the generator creates and owns one.</param>
    /// <param name="loggerFactory">Where to log; see <see cref="GreenPTChatClient(GreenPTClientOptions, HttpClient?, ILoggerFactory?)"/>.</param>
    public GreenPTEmbeddingGenerator(GreenPTClientOptions options, HttpClient? httpClient, ILoggerFactory? loggerFactory)
    {
        _options = GreenPTOptionsValidator.ValidatedCopy(Throw.IfNull(options));
        _embeddingsUri = new Uri(_options.Endpoint, "embeddings");
        _sender = new GreenPTRequestSender(_options, httpClient);
        _metadata = new EmbeddingGeneratorMetadata("greenpt", _options.Endpoint, _options.DefaultEmbeddingModelId);
        _logger = (ILogger?)loggerFactory?.CreateLogger<GreenPTEmbeddingGenerator>() ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(values);
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
        for (int start = 0; start < inputs.Count; start += _options.MaxEmbeddingBatchSize)
        {
            List<string> batch = inputs.GetRange(start, Math.Min(_options.MaxEmbeddingBatchSize, inputs.Count - start));
            EmbeddingResponse response = await SendBatchAsync(batch, options, cancellationToken).ConfigureAwait(false);
            EmbeddingMapper.AddEmbeddings(result, response, batch.Count);
            if (ChatResponseMapper.FromUsage(response.Usage, response.Impact, out GreenPTImpact? batchImpact) is { } batchUsage)
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
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        Throw.IfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType == typeof(GreenPTClientOptions) ? _options.CloneWithoutApiKey()
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose() => _sender.Dispose();

    /// <summary>Describes the generator without its API key.</summary>
    public override string ToString() => $"GreenPTEmbeddingGenerator {{ Endpoint = {_options.Endpoint}, DefaultModelId = {_options.DefaultEmbeddingModelId} }}";

    private async Task<EmbeddingResponse> SendBatchAsync(List<string> batch, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        EmbeddingRequest request = EmbeddingMapper.ToEmbeddingRequest(batch, options, _options);
        using PooledJsonBody body = PooledJsonBody.Serialize(request, GreenPTJsonContext.Writer.EmbeddingRequest);
        var telemetry = new RequestTelemetry(_logger, "embeddings", ExtraBodyMapper.ModelOf(request.Model, request), _options.LogMessageContents, body.Bytes);
        try
        {
            using GreenPTResponse response = await _sender.SendAsync(_embeddingsUri, body.Bytes, streaming: false, cancellationToken).ConfigureAwait(false);
            EmbeddingResponse embeddings = await response.ReadJsonAsync(GreenPTJsonContext.Default.EmbeddingResponse, cancellationToken).ConfigureAwait(false)
                ?? throw new GreenPTException("GreenPT returned an empty response body.") { StatusCode = response.Message.StatusCode };
            if (embeddings.Error is { } error)
            {
                throw GreenPTErrors.FromBodyError(error, embeddings.RequestId, _options.ApiKey, response.Message);
            }

            telemetry.Completed(response, responseId: null, embeddings.Model, ImpactMapper.FromDto(embeddings.Impact));
            return embeddings;
        }
        catch (Exception ex) when (telemetry.Observe(ex))
        {
            throw; // never reached: Observe only records
        }
    }
}
