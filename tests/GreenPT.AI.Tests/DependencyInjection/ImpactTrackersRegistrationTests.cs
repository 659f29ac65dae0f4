using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace GreenPT.AI.Tests.DependencyInjection;

/// <summary>AddGreenPTImpactTrackers and UseGreenPTImpactTracking(scopeOf): one tracker per scope over the registered ledger.</summary>
public sealed class ImpactTrackersRegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IChatClient AnsweringClient(double wms)
    {
        var inner = new Mock<IChatClient>();
        inner.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
            {
                ModelId = "gemma4",
                AdditionalProperties = new() { [GreenPTPropertyNames.Impact] = new GreenPTImpact { Energy = new(wms, "Wms") } },
            });
        return inner.Object;
    }

    private static ChatOptions Tenant(string? tenant) => new() { AdditionalProperties = new() { ["tenant"] = tenant } };

    private static string? TenantOf(ChatOptions? options) => options?.AdditionalProperties?.TryGetValue("tenant", out object? t) == true ? t as string : null;

    [Fact]
    public void Trackers_GiveEachScopeOneTracker_MadeWithTheOptions_OverOneLedger()
    {
        var services = new ServiceCollection();
        services.AddGreenPTImpactTrackers(o =>
        {
            o.BudgetFor = scope => scope == "free-plan" ? new GreenPTCarbonBudget { EnergyLimit = new(1, "Wh") } : null;
            o.DefaultEstimate = new GreenPTImpact { Energy = new(10, "Wms") };
            o.IncludeScopeInMetrics = true;
        });
        using ServiceProvider provider = services.BuildServiceProvider();
        GreenPTImpactTrackers trackers = provider.GetRequiredService<GreenPTImpactTrackers>();

        GreenPTImpactTracker free = trackers.For("free-plan");

        Assert.Same(free, trackers.For("free-plan"));
        Assert.Equal(new GreenPTMeasurement(1, "Wh"), free.Budget!.EnergyLimit);
        Assert.Null(trackers.For("paid-plan").Budget);
        Assert.Same(trackers.Ledger, free.Ledger);
        Assert.Same(trackers.Ledger, trackers.For("paid-plan").Ledger);
        Assert.IsType<GreenPTInMemoryImpactLedger>(trackers.Ledger);
        Assert.True(free.IncludeScopeInMetrics);
        Assert.Equal(new GreenPTMeasurement(10, "Wms"), free.DefaultEstimate!.Energy);
        Assert.Equal(2, trackers.Created.Count);
    }

    [Fact]
    public void Trackers_UseTheRegisteredLedgerAndClock()
    {
        var ledger = new GreenPTInMemoryImpactLedger();
        var services = new ServiceCollection();
        services.AddSingleton<GreenPTImpactLedger>(ledger);
        services.AddSingleton(TimeProvider.System);
        services.AddGreenPTImpactTrackers();
        using ServiceProvider provider = services.BuildServiceProvider();

        GreenPTImpactTracker tracker = provider.GetRequiredService<GreenPTImpactTrackers>().For("tenant-a");

        Assert.Same(ledger, tracker.Ledger);
        Assert.Same(TimeProvider.System, tracker.TimeProvider);
    }

    [Theory, InlineData("tenant:a"), InlineData(""), InlineData("has space")]
    public void Trackers_AScopeALedgerCannotKeep_IsAnArgumentException(string scope)
    {
        var services = new ServiceCollection();
        services.AddGreenPTImpactTrackers();
        using ServiceProvider provider = services.BuildServiceProvider();

        ArgumentException error = Assert.ThrowsAny<ArgumentException>(() => provider.GetRequiredService<GreenPTImpactTrackers>().For(scope));

        Assert.Equal("scope", error.ParamName);
    }

    [Fact]
    public async Task UseGreenPTImpactTracking_ByScope_RecordsEachCallInItsScope_AndLeavesCallsWithoutOneUntracked()
    {
        var services = new ServiceCollection();
        services.AddGreenPTImpactTrackers();
        using ServiceProvider provider = services.BuildServiceProvider();
        IChatClient client = new ChatClientBuilder(AnsweringClient(100)).UseGreenPTImpactTracking(TenantOf).Build(provider);
        GreenPTImpactTrackers trackers = provider.GetRequiredService<GreenPTImpactTrackers>();

        await client.GetResponseAsync("Hi", Tenant("tenant-a"), Ct);
        await client.GetResponseAsync("Hi", Tenant("tenant-a"), Ct);
        await client.GetResponseAsync("Hi", Tenant("tenant-b"), Ct);
        await client.GetResponseAsync("Hi", Tenant(null), Ct);

        Assert.Equal(2, trackers.For("tenant-a").Total.Calls);
        Assert.Equal(new GreenPTMeasurement(200, "Wms"), trackers.For("tenant-a").Total.Impact.Energy);
        Assert.Equal(1, trackers.For("tenant-b").Total.Calls);
        Assert.Equal(2, trackers.Created.Count);
    }

    [Fact]
    public async Task UseGreenPTImpactTracking_ByScope_EnforcesEachScopesBudget()
    {
        var services = new ServiceCollection();
        services.AddGreenPTImpactTrackers(o => o.BudgetFor = _ => new GreenPTCarbonBudget { EnergyLimit = new(150, "Wms") });
        using ServiceProvider provider = services.BuildServiceProvider();
        IChatClient client = new ChatClientBuilder(AnsweringClient(100)).UseGreenPTImpactTracking(TenantOf).Build(provider);

        await client.GetResponseAsync("Hi", Tenant("tenant-a"), Ct);
        await client.GetResponseAsync("Hi", Tenant("tenant-a"), Ct);
        var refused = await Assert.ThrowsAsync<GreenPTCarbonBudgetExceededException>(() => client.GetResponseAsync("Hi", Tenant("tenant-a"), Ct));
        await client.GetResponseAsync("Hi", Tenant("tenant-b"), Ct);

        Assert.Equal("tenant-a", refused.Scope);
    }

    [Fact]
    public void UseGreenPTImpactTracking_ByScope_WithoutTheTrackersRegistered_SaysWhatToCall()
    {
        using ServiceProvider provider = new ServiceCollection().BuildServiceProvider();

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() =>
            new ChatClientBuilder(AnsweringClient(1)).UseGreenPTImpactTracking(TenantOf).Build(provider));

        Assert.Contains("AddGreenPTImpactTrackers", error.Message, StringComparison.Ordinal);
    }
}
