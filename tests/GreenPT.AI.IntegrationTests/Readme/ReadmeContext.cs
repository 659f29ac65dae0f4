using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace GreenPT.AI.IntegrationTests.Readme;

/// <summary>One C# block of README.md: where it is, whether it talks to GreenPT, and its code, compiled into this assembly.</summary>
internal sealed record ReadmeBlock(string Section, int Line, bool SendsRequests, Func<ReadmeContext, Task> RunAsync)
{
    public override string ToString() => $"README.md line {Line} ({Section})";
}

/// <summary>
/// What README blocks use without declaring: the key, a client, a response, a kernel, a cache, a tool, a host builder. Every client
/// reaches the emulator through <c>GREENPT_BASE_URL</c>, as a user's app would without a code change.
/// </summary>
internal sealed class ReadmeContext : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<HostApplicationBuilder> _hostBuilders = [];

    private ReadmeContext(Harness harness, ChatResponse response, GreenPTChatClient greenpt)
    {
        Harness = harness;
        Response = response;
        GreenPT = greenpt;
        _services = new ServiceCollection().AddLogging().BuildServiceProvider();
        IKernelBuilder kernel = Kernel.CreateBuilder();
        kernel.AddGreenPTChatCompletion(ApiKey);
        kernel.Plugins.AddFromFunctions("weather", [KernelFunctionFactory.CreateFromMethod((string city) => $"Sunny in {city}", "get_weather")]);
        Kernel = kernel.Build();
    }

    public Harness Harness { get; }

    public string ApiKey { get; } = Harness.ApiKey;

    public GreenPTChatClient GreenPT { get; }

    public IChatClient Client => GreenPT;

    public ChatResponse Response { get; }

    public Kernel Kernel { get; }

    public IServiceProvider Services => _services;

    public IDistributedCache Cache { get; } = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));

    public AIFunction GetWeather { get; } = AIFunctionFactory.Create((string city) => $"Sunny in {city}", "get_weather", "The weather in a city.");

    public IConfiguration Configuration { get; } = new ConfigurationBuilder().Build();

    /// <summary>Creates the context; the caller has pointed <c>GREENPT_BASE_URL</c> and <c>GREENPT_API_KEY</c> at <paramref name="harness"/>'s emulator.</summary>
    public static async Task<ReadmeContext> CreateAsync(Harness harness)
    {
        var greenpt = new GreenPTChatClient(Harness.ApiKey);
        ChatResponse response = await greenpt.GetResponseAsync("Why is the sky blue?", cancellationToken: TestContext.Current.CancellationToken);
        return new ReadmeContext(harness, response, greenpt);
    }

    /// <summary>A host builder for a block, with a <c>GreenPT</c> section holding the key, as an app's configuration would.</summary>
    public HostApplicationBuilder CreateHostBuilder()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new("GreenPT:ApiKey", ApiKey)]);
        _hostBuilders.Add(builder);
        return builder;
    }

    /// <summary>
    /// Builds every host a block configured and sends one request through every chat client and embedding generator it registered,
    /// so that a DI block is proved to work, not only to compile; the number of requests sent.
    /// </summary>
    public async Task<int> ExerciseHostsAsync()
    {
        int sent = 0;
        foreach (HostApplicationBuilder builder in _hostBuilders)
        {
            using IHost host = builder.Build();
            foreach (ServiceDescriptor registration in builder.Services.Where(d => d.ServiceType == typeof(IChatClient) || d.ServiceType == typeof(IEmbeddingGenerator<string, Embedding<float>>)).ToList())
            {
                object service = registration.ServiceKey is { } key
                    ? host.Services.GetRequiredKeyedService(registration.ServiceType, key)
                    : host.Services.GetRequiredService(registration.ServiceType);
                CancellationToken ct = TestContext.Current.CancellationToken;
                _ = service is IChatClient chat
                    ? await chat.GetResponseAsync("Hello from a README host", cancellationToken: ct)
                    : (object)await ((IEmbeddingGenerator<string, Embedding<float>>)service).GenerateAsync(["Hello"], cancellationToken: ct);
                sent++;
            }
        }

        return sent;
    }

    public async ValueTask DisposeAsync()
    {
        GreenPT.Dispose();
        await _services.DisposeAsync();
    }
}
