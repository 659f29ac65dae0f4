using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GreenPT.AI.Redis.Tests;

/// <summary>
/// AddGreenPTRedisImpactLedger with AddGreenPTImpactTrackers: two app instances (two service providers, each with its own
/// connection) over one real redis-server share each scope's totals and budget.
/// </summary>
public sealed class RedisRegistrationTests(RedisServer server) : IClassFixture<RedisServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ServiceProvider AppInstance(Action<IServiceCollection> addLedger, GreenPTCarbonBudget? budget = null)
    {
        var services = new ServiceCollection();
        addLedger(services);
        services.AddGreenPTImpactTrackers(o => o.BudgetFor = _ => budget);
        return services.BuildServiceProvider();
    }

    private static IChatClient Pipeline(IServiceProvider provider) =>
        new ChatClientBuilder(new FixedImpactClient()).UseGreenPTImpactTracking(o => o?.AdditionalProperties?["tenant"] as string).Build(provider);

    private static ChatOptions Tenant(string tenant) => new() { ModelId = "gemma4", AdditionalProperties = new() { ["tenant"] = tenant } };

    [Fact]
    public async Task TwoAppInstances_ShareEachScopesTotals_AndItsBudget()
    {
        string tenant = "di-" + Guid.NewGuid().ToString("N");
        var budget = new GreenPTCarbonBudget { EnergyLimit = new(250, "Wms") };
        await using ServiceProvider first = AppInstance(s => s.AddGreenPTRedisImpactLedger(server.Configuration), budget);
        await using ServiceProvider second = AppInstance(s => s.AddGreenPTRedisImpactLedger(server.Configuration), budget);
        IChatClient a = Pipeline(first), b = Pipeline(second);

        await a.GetResponseAsync("Hi", Tenant(tenant), Ct);
        await b.GetResponseAsync("Hi", Tenant(tenant), Ct);
        await a.GetResponseAsync("Hi", Tenant(tenant), Ct);
        var refused = await Assert.ThrowsAsync<GreenPTCarbonBudgetExceededException>(() => b.GetResponseAsync("Hi", Tenant(tenant), Ct));

        Assert.IsType<GreenPTRedisImpactLedger>(first.GetRequiredService<GreenPTImpactLedger>());
        Assert.Same(first.GetRequiredService<GreenPTRedisImpactLedger>(), first.GetRequiredService<GreenPTImpactTrackers>().Ledger);
        GreenPTImpactTotals seenBySecond = second.GetRequiredService<GreenPTImpactTrackers>().For(tenant).Total;
        Assert.Equal(3, seenBySecond.Calls);
        Assert.Equal(new GreenPTMeasurement(300, "Wms"), seenBySecond.Impact.Energy);
        Assert.Equal(1, seenBySecond.RefusedCalls);
        Assert.Equal(tenant, refused.Scope);
    }

    [Fact]
    public async Task WithoutAConfiguration_TheRegisteredConnectionIsUsed_AndWithoutOneResolvingSaysSo()
    {
        await using ConnectionMultiplexer redis = await server.ConnectAsync();
        await using ServiceProvider withConnection = AppInstance(s => s.AddSingleton<IConnectionMultiplexer>(redis).AddGreenPTRedisImpactLedger());
        await using ServiceProvider without = AppInstance(s => s.AddGreenPTRedisImpactLedger(new GreenPTRedisLedgerOptions { KeyPrefix = "other" }));
        string tenant = "di-" + Guid.NewGuid().ToString("N");

        await Pipeline(withConnection).GetResponseAsync("Hi", Tenant(tenant), Ct);

        Assert.Equal("100000", (string?)await redis.GetDatabase().HashGetAsync("greenpt:{" + tenant + "}:all", "m|gemma4|uj"));
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => without.GetRequiredService<GreenPTImpactLedger>());
        Assert.Contains("IConnectionMultiplexer", error.Message, StringComparison.Ordinal);
    }

    [Theory, InlineData(""), InlineData("127.0.0.1:6379,nonsense=1")]
    public void AConfigurationStringThatIsEmptyOrInvalid_IsAnArgumentException(string configuration)
    {
        var services = new ServiceCollection();

        ArgumentException error = Assert.Throws<ArgumentException>(() => services.AddGreenPTRedisImpactLedger(configuration));

        Assert.Equal("configuration", error.ParamName);
    }

    /// <summary>Every answer costs 100 Wms, as GreenPT would report it.</summary>
    private sealed class FixedImpactClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
            {
                ModelId = "gemma4",
                AdditionalProperties = new() { [GreenPTPropertyNames.Impact] = new GreenPTImpact { Energy = new(100, "Wms") } },
            });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
