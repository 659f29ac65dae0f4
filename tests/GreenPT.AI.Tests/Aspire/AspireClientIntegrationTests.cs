using System.Diagnostics;
using System.Net;
using GreenPT.AI.Aspire;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace GreenPT.AI.Tests.Aspire;

/// <summary>
/// <c>builder.AddGreenPTChatClient("greenpt")</c> on a real <see cref="HostApplicationBuilder"/>: settings from the section, the
/// connection string over them, the delegate last; the health check and the telemetry defaults, each switchable. HTTP is scripted
/// through the DI package's named <see cref="HttpClient"/>, so no socket is opened.
/// </summary>
public sealed class AspireClientIntegrationTests
{
    private const string ModelList = """{"object":"list","data":[{"id":"gemma4","object":"model","owned_by":"greenpt"}]}""";

    private static HostApplicationBuilder Builder(ScriptedHandler? handler, params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        if (handler is not null)
        {
            builder.Services.AddHttpClient(GreenPTServiceCollectionExtensions.HttpClientName(null)).ConfigurePrimaryHttpMessageHandler(() => handler);
        }

        return builder;
    }

    private static (string, string?) ConnectionString(string value) => ("ConnectionStrings:greenpt", value);

    private static async Task<HealthReport> CheckHealthAsync(IHost host) =>
        await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

    [Fact]
    public void ConnectionString_ConfiguresTheChatClient()
    {
        HostApplicationBuilder builder = Builder(null, ConnectionString($"Endpoint=https://api.us.greenpt.ai/v1/;Key={TestClients.ApiKey};Model=gpt-oss-120b"));

        builder.AddGreenPTChatClient("greenpt");
        using IHost host = builder.Build();

        ChatClientMetadata metadata = host.Services.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>()!;
        Assert.Equal(new Uri("https://api.us.greenpt.ai/v1/"), metadata.ProviderUri);
        Assert.Equal("gpt-oss-120b", metadata.DefaultModelId);
    }

    [Fact]
    public void ConnectionString_OverridesTheSection_AndTheDelegateOverridesBoth()
    {
        HostApplicationBuilder builder = Builder(
            null,
            ("GreenPT:Client:Endpoint", "https://section.example/v1/"),
            ("GreenPT:Client:Model", "from-section"),
            ("GreenPT:Client:ResponseTimeout", "00:00:42"),
            ConnectionString($"Endpoint=https://connection.example/v1/;Key={TestClients.ApiKey}"));

        builder.AddGreenPTChatClient("greenpt", settings => settings.Model = "from-delegate");
        using IHost host = builder.Build();

        ChatClientMetadata metadata = host.Services.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>()!;
        Assert.Equal(new Uri("https://connection.example/v1/"), metadata.ProviderUri);
        Assert.Equal("from-delegate", metadata.DefaultModelId);
        GreenPTClientOptions options = host.Services.GetRequiredService<GreenPTChatClient>().GetService<GreenPTClientOptions>()!;
        Assert.Equal(TimeSpan.FromSeconds(42), options.ResponseTimeout);
    }

    [Fact]
    public void EmbeddingGenerator_ModelIsTheEmbeddingModel()
    {
        HostApplicationBuilder builder = Builder(null, ConnectionString($"Key={TestClients.ApiKey};Model=green-embedding-2"));

        builder.AddGreenPTEmbeddingGenerator("greenpt");
        using IHost host = builder.Build();

        var metadata = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GetService<EmbeddingGeneratorMetadata>()!;
        Assert.Equal("green-embedding-2", metadata.DefaultModelId);
    }

    [Fact]
    public void NoKeyAnywhere_FailsNamingTheConnectionAndWhereToPutIt()
    {
        HostApplicationBuilder builder = Builder(null);

        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => builder.AddGreenPTChatClient("greenpt"));

        Assert.Contains("GreenPT connection 'greenpt' has no key", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:greenpt", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GreenPT:Client:Key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadConnectionString_FailsAtRegistration_WithoutTheKey()
    {
        HostApplicationBuilder builder = Builder(null, ConnectionString($"Endpoint=nowhere;Key={TestClients.ApiKey}"));

        FormatException ex = Assert.Throws<FormatException>(() => builder.AddGreenPTChatClient("greenpt"));

        Assert.Contains("Endpoint='nowhere'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.ApiKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_ToString_NeverShowsTheKey()
    {
        var settings = new GreenPTClientSettings { Key = TestClients.ApiKey, Endpoint = TestClients.Endpoint };

        Assert.DoesNotContain(TestClients.ApiKey, settings.ToString(), StringComparison.Ordinal);
        Assert.Contains("Key = (set)", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthCheck_ModelListAnswered_IsHealthy_AndSendsTheKeyToModels()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(ModelList));
        HostApplicationBuilder builder = Builder(handler, ConnectionString($"Endpoint={TestClients.Endpoint};Key={TestClients.ApiKey}"));
        builder.AddGreenPTChatClient("greenpt");
        using IHost host = builder.Build();

        HealthReport report = await CheckHealthAsync(host);

        Assert.Equal(HealthStatus.Healthy, report.Entries["GreenPT_greenpt"].Status);
        RecordedRequest request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal(new Uri(TestClients.Endpoint, "models"), request.Uri);
        Assert.Equal($"Bearer {TestClients.ApiKey}", request.Headers.Authorization?.ToString());
    }

    [Fact]
    public async Task HealthCheck_KeyRefused_IsUnhealthy_WithTheStatusAndWithoutTheKey()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(Fixtures.Read("greenpt-error-401.json"), HttpStatusCode.Unauthorized));
        HostApplicationBuilder builder = Builder(handler, ConnectionString($"Endpoint={TestClients.Endpoint};Key={TestClients.ApiKey}"));
        builder.AddGreenPTChatClient("greenpt");
        using IHost host = builder.Build();

        HealthReportEntry entry = (await CheckHealthAsync(host)).Entries["GreenPT_greenpt"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("401", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.ApiKey, entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthCheck_IsCachedForTheCacheDuration_ThenCallsAgain()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(ModelList));
        var time = new FakeTimeProvider();
        HostApplicationBuilder builder = Builder(handler, ConnectionString($"Endpoint={TestClients.Endpoint};Key={TestClients.ApiKey}"), ("GreenPT:Client:HealthCheckCacheDuration", "00:00:30"));
        TimeSpan bound = TimeSpan.Zero;
        builder.AddGreenPTChatClient("greenpt", settings => bound = settings.HealthCheckCacheDuration);
        builder.AddGreenPTEmbeddingGenerator("greenpt");
        Assert.Equal(TimeSpan.FromSeconds(30), bound);
        builder.Services.AddSingleton<TimeProvider>(time);
        using IHost host = builder.Build();
        Assert.Same(time, host.Services.GetService<TimeProvider>());

        await CheckHealthAsync(host);
        time.Advance(TimeSpan.FromSeconds(29));
        HealthReport cached = await CheckHealthAsync(host);
        Assert.Single(handler.Requests);
        Assert.Single(cached.Entries);   // one check for the connection, though two clients use it

        time.Advance(TimeSpan.FromSeconds(2));
        HealthReport fresh = await CheckHealthAsync(host);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(HealthStatus.Healthy, fresh.Status);
    }

    [Fact]
    public void DisableHealthChecks_RegistersNoCheck()
    {
        HostApplicationBuilder builder = Builder(null, ConnectionString($"Key={TestClients.ApiKey}"), ("GreenPT:Client:DisableHealthChecks", "true"));

        builder.AddGreenPTChatClient("greenpt");
        using IHost host = builder.Build();

        Assert.DoesNotContain(host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => r.Name.StartsWith("GreenPT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Defaults_ChatSpanCarriesTheImpact_AndTheGreenPTMeterRecordsIt()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(Fixtures.Read("greenpt-completion.json")));
        HostApplicationBuilder builder = Builder(handler, ConnectionString($"Endpoint={TestClients.Endpoint};Key={TestClients.ApiKey}"));
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        builder.Services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)).WithMetrics(m => m.AddInMemoryExporter(metrics));
        builder.AddGreenPTChatClient("greenpt");
        using IHost host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);

        await host.Services.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: TestContext.Current.CancellationToken);
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();

        Activity chat = Assert.Single(spans, s => Equals(s.GetTagItem("gen_ai.operation.name"), "chat"));
        Assert.NotNull(chat.GetTagItem("greenpt.energy"));
        Assert.NotNull(chat.GetTagItem("greenpt.emissions"));
        Assert.Contains(metrics, m => m.Name == "greenpt.client.energy" && m.MeterName == "GreenPT.AI");
        Assert.Contains(metrics, m => m.Name == "greenpt.client.emissions");
        Assert.Contains(metrics, m => m.Name == "gen_ai.client.token.usage");
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task DisableTracingAndMetrics_LeaveOutTheSpanTheMiddlewareAndTheMeters()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(Fixtures.Read("greenpt-completion.json")));
        HostApplicationBuilder builder = Builder(
            handler,
            ConnectionString($"Endpoint={TestClients.Endpoint};Key={TestClients.ApiKey}"),
            ("GreenPT:Client:DisableTracing", "true"),
            ("GreenPT:Client:DisableMetrics", "true"));
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        builder.Services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)).WithMetrics(m => m.AddInMemoryExporter(metrics));
        builder.AddGreenPTChatClient("greenpt");
        using IHost host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);

        IChatClient client = host.Services.GetRequiredService<IChatClient>();
        await client.GetResponseAsync("Hi", cancellationToken: TestContext.Current.CancellationToken);
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();

        Assert.Null(client.GetService<OpenTelemetryChatClient>());
        Assert.Empty(spans);
        Assert.DoesNotContain(metrics, m => m.MeterName is "GreenPT.AI" or "Experimental.Microsoft.Extensions.AI");
        await host.StopAsync(TestContext.Current.CancellationToken);
    }
}
