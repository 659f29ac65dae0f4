using GreenPT.AI;
using GreenPT.AI.SemanticKernel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.SemanticKernel;

/// <summary>
/// Adds GreenPT to a Semantic Kernel <see cref="IKernelBuilder"/>: chat completion with kernel function calling, and the embedding
/// generator for Semantic Kernel's vector-store and memory code. See <see cref="GreenPTSemanticKernelServiceCollectionExtensions"/>.
/// </summary>
public static class GreenPTKernelBuilderExtensions
{
    /// <summary>Adds GreenPT chat completion (an <see cref="IChatClient"/> that invokes kernel functions, and an <c>IChatCompletionService</c>).</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="apiKey">The API key from account.greenpt.ai.</param>
    /// <param name="modelId">The default model; <see cref="GreenPTModels.DefaultChat"/> when <see langword="null"/>.</param>
    /// <param name="serviceId">The service id, as <c>PromptExecutionSettings.ServiceId</c> names it; <see langword="null"/> for the default service.</param>
    /// <param name="httpClient">An <see cref="HttpClient"/> to send with; <see langword="null"/> for one from <see cref="System.Net.Http.IHttpClientFactory"/>.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IKernelBuilder AddGreenPTChatCompletion(this IKernelBuilder builder, string apiKey, string? modelId = null, string? serviceId = null, HttpClient? httpClient = null)
    {
        Throw.IfNull(builder).Services.AddGreenPTChatCompletion(apiKey, modelId, serviceId, httpClient);
        return builder;
    }

    /// <summary>Adds GreenPT chat completion configured by a delegate.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Sets the options, at least <see cref="GreenPTClientOptions.ApiKey"/>.</param>
    /// <param name="serviceId">The service id; <see langword="null"/> for the default service.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IKernelBuilder AddGreenPTChatCompletion(this IKernelBuilder builder, Action<GreenPTClientOptions> configure, string? serviceId = null)
    {
        Throw.IfNull(builder).Services.AddGreenPTChatCompletion(configure, serviceId);
        return builder;
    }

    /// <summary>Adds GreenPT chat completion configured from a configuration section.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configuration">The section holding the settings.</param>
    /// <param name="serviceId">The service id; <see langword="null"/> for the default service.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IKernelBuilder AddGreenPTChatCompletion(this IKernelBuilder builder, IConfiguration configuration, string? serviceId = null)
    {
        Throw.IfNull(builder).Services.AddGreenPTChatCompletion(configuration, serviceId);
        return builder;
    }

    /// <summary>
    /// Adds GreenPT's embedding generator (<see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of string to <see cref="Embedding{T}"/> of
    /// float, and the non-generic <see cref="IEmbeddingGenerator"/> that vector stores resolve), with OpenTelemetry spans.
    /// </summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="apiKey">The API key from account.greenpt.ai.</param>
    /// <param name="modelId">The default embedding model; <see cref="GreenPTModels.DefaultEmbedding"/> when <see langword="null"/>.</param>
    /// <param name="serviceId">The service id; <see langword="null"/> for the default service.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IKernelBuilder AddGreenPTEmbeddingGenerator(this IKernelBuilder builder, string apiKey, string? modelId = null, string? serviceId = null)
    {
        Throw.IfNull(apiKey);
        return AddGreenPTEmbeddingGenerator(builder, o => { o.ApiKey = apiKey; o.DefaultEmbeddingModelId = modelId ?? GreenPTModels.DefaultEmbedding; }, serviceId);
    }

    /// <summary>Adds GreenPT's embedding generator configured by a delegate.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Sets the options, at least <see cref="GreenPTClientOptions.ApiKey"/>.</param>
    /// <param name="serviceId">The service id; <see langword="null"/> for the default service.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IKernelBuilder AddGreenPTEmbeddingGenerator(this IKernelBuilder builder, Action<GreenPTClientOptions> configure, string? serviceId = null)
    {
        Throw.IfNull(builder).Services.AddKeyedGreenPTEmbeddingGenerator(serviceId, Throw.IfNull(configure)).UseOpenTelemetry();
        return builder;
    }

    /// <summary>Adds GreenPT's embedding generator configured from a configuration section.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configuration">The section holding the settings.</param>
    /// <param name="serviceId">The service id; <see langword="null"/> for the default service.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IKernelBuilder AddGreenPTEmbeddingGenerator(this IKernelBuilder builder, IConfiguration configuration, string? serviceId = null)
    {
        Throw.IfNull(builder).Services.AddKeyedGreenPTEmbeddingGenerator(serviceId, Throw.IfNull(configuration)).UseOpenTelemetry();
        return builder;
    }
}
