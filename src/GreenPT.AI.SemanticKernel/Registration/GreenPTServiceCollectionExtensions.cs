using GreenPT.AI;
using GreenPT.AI.SemanticKernel;
using GreenPT.AI.SemanticKernel.ChatCompletion;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers GreenPT for Semantic Kernel in an <see cref="IServiceCollection"/>, the way Semantic Kernel's own connectors do: an
/// <see cref="IChatClient"/> that invokes kernel functions (<c>FunctionChoiceBehavior.Auto()</c>, <c>Required()</c>, <c>None()</c>),
/// streaming or not, and an <see cref="IChatCompletionService"/> over it, keyed by <c>serviceId</c>.
/// </summary>
/// <remarks>
/// <para>The pipeline is <see cref="GreenPTChatClient"/> → <c>UseKernelFunctionInvocation()</c> → <c>UseOpenTelemetry()</c> (GenAI spans, which
/// the client tags with the energy and emissions of each call). The <see cref="IChatCompletionService"/> reads every call's settings as
/// <see cref="GreenPT.AI.SemanticKernel.GreenPTPromptExecutionSettings"/>, keeps the reasoning as <see cref="ReasoningContent"/>, and
/// puts the whole <see cref="ChatResponse"/> in the answer's <see cref="KernelContent.InnerContent"/>.</para>
/// <para>Settings, validation, <see cref="System.Net.Http.IHttpClientFactory"/> and logging are those of
/// <c>AddGreenPTChatClient</c> (GreenPT.AI.DependencyInjection); a <see cref="GreenPTModelCatalog"/> is registered too.</para>
/// </remarks>
public static class GreenPTSemanticKernelServiceCollectionExtensions
{
    /// <summary>Registers GreenPT chat completion for Semantic Kernel with an API key.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="apiKey">The API key from account.greenpt.ai.</param>
    /// <param name="modelId">The default model; <see cref="GreenPTModels.DefaultChat"/> when <see langword="null"/>.</param>
    /// <param name="serviceId">The service id (the key of the registrations); <see langword="null"/> for the plain ones.</param>
    /// <param name="httpClient">An <see cref="HttpClient"/> to send with; <see langword="null"/> for one from <see cref="System.Net.Http.IHttpClientFactory"/>.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddGreenPTChatCompletion(
        this IServiceCollection services, string apiKey, string? modelId = null, string? serviceId = null, HttpClient? httpClient = null)
    {
        Throw.IfNull(services);
        Throw.IfNull(apiKey);
        string model = modelId ?? GreenPTModels.DefaultChat;
        ChatClientBuilder builder = GreenPTServiceCollectionExtensions.AddChat(
            services, serviceId, configuration: null, o => { o.ApiKey = apiKey; o.DefaultModelId = model; }, httpClient);
        return AddKernelPipeline(services, builder, serviceId);
    }

    /// <summary>Registers GreenPT chat completion for Semantic Kernel configured by a delegate.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configure">Sets the options, at least <see cref="GreenPTClientOptions.ApiKey"/>.</param>
    /// <param name="serviceId">The service id (the key of the registrations); <see langword="null"/> for the plain ones.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddGreenPTChatCompletion(this IServiceCollection services, Action<GreenPTClientOptions> configure, string? serviceId = null) =>
        AddGreenPTChatCompletion(services, configuration: null, Throw.IfNull(configure), serviceId);

    /// <summary>Registers GreenPT chat completion for Semantic Kernel configured from a configuration section.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configuration">The section holding the settings, for example <c>builder.Configuration.GetSection("GreenPT")</c>.</param>
    /// <param name="serviceId">The service id (the key of the registrations); <see langword="null"/> for the plain ones.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddGreenPTChatCompletion(this IServiceCollection services, IConfiguration configuration, string? serviceId = null) =>
        AddGreenPTChatCompletion(services, Throw.IfNull(configuration), configure: null, serviceId);

    private static IServiceCollection AddGreenPTChatCompletion(
        IServiceCollection services, IConfiguration? configuration, Action<GreenPTClientOptions>? configure, string? serviceId)
    {
        Throw.IfNull(services);
        ChatClientBuilder builder = GreenPTServiceCollectionExtensions.AddChat(services, serviceId, configuration, configure, httpClient: null);
        return AddKernelPipeline(services, builder, serviceId);
    }
    private static IServiceCollection AddKernelPipeline(IServiceCollection services, ChatClientBuilder builder, string? serviceId)
    {
        builder.UseKernelFunctionInvocation().UseOpenTelemetry();

        // A second registration under the same service id replaces the first one's chat completion service, as it replaces the client.
        for (int i = services.Count - 1; i >= 0; i--)
        {
            ServiceDescriptor d = services[i];
            if (d.ServiceType == typeof(IChatCompletionService) && Equals(d.ServiceKey, serviceId) &&
                (serviceId is null ? d.ImplementationFactory?.Target : d.KeyedImplementationFactory?.Target) is ChatCompletionServiceFactory)
            {
                services.RemoveAt(i);
            }
        }

        var factory = new ChatCompletionServiceFactory(serviceId);
        services.Add(serviceId is null
            ? ServiceDescriptor.Singleton(typeof(IChatCompletionService), factory.Create)
            : ServiceDescriptor.KeyedSingleton(typeof(IChatCompletionService), serviceId, factory.CreateKeyed));
        return services;
    }

    /// <summary>Creates the chat completion service over the registered pipeline; its type marks the registrations this package made.</summary>
    private sealed class ChatCompletionServiceFactory(string? serviceId)
    {
        public GreenPTChatCompletionService Create(IServiceProvider services) => new(
            serviceId is null ? services.GetRequiredService<IChatClient>() : services.GetRequiredKeyedService<IChatClient>(serviceId));

        public GreenPTChatCompletionService CreateKeyed(IServiceProvider services, object? key) => Create(services);
    }
}
