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

    public static HostApplicationBuilder CreateHostBuilder() => Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

    public async ValueTask DisposeAsync()
    {
        GreenPT.Dispose();
        await _services.DisposeAsync();
    }
}
