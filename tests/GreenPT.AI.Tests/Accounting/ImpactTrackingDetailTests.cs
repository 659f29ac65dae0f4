using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Accounting;

/// <summary>
/// The details of the tracking middleware, tracker, totals and budget: which model a call counts for, its wall-clock time, where a
/// degradation note goes, what a degraded call keeps of the caller's options, and the edges of each figure.
/// </summary>
public sealed class ImpactTrackingDetailTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GreenPTImpact Impact(double ms, double wms, double ug) =>
        new() { InferenceTime = new(ms, "ms"), Energy = new(wms, "Wms"), Emissions = new(ug, "ugCO2e") };

    private static ChatResponseUpdate ImpactUpdate(GreenPTImpact impact, string? model = null) =>
        new(ChatRole.Assistant, []) { ModelId = model, AdditionalProperties = new() { [GreenPTPropertyNames.Impact] = impact } };

    [Theory]
    [InlineData("from-response", "from-options", "from-response")]
    [InlineData(null, "from-options", "from-options")]
    [InlineData(null, null, "unknown")]
    public async Task NonStreamingCall_CountsForTheResponsesModel_ElseTheRequestedOne(string? responseModel, string? requestedModel, string expected)
    {
        var tracker = new GreenPTImpactTracker();
        var inner = new FakeChatClient { Response = new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { ModelId = responseModel } };

        await new GreenPTImpactTrackingChatClient(inner, tracker).GetResponseAsync("Hi", new ChatOptions { ModelId = requestedModel }, Ct);

        Assert.Equal(expected, Assert.Single(tracker.ByModel).Key);
    }

    [Theory]
    [InlineData("from-update", "from-options", "from-update")]
    [InlineData(null, "from-options", "from-options")]
    public async Task StreamingCall_CountsForTheUpdatesModel_ElseTheRequestedOne(string? updateModel, string requestedModel, string expected)
    {
        var tracker = new GreenPTImpactTracker();
        var inner = new FakeChatClient { Updates = [new ChatResponseUpdate(ChatRole.Assistant, "a") { ModelId = updateModel }, new ChatResponseUpdate(ChatRole.Assistant, "b")] };

        await Consume(new GreenPTImpactTrackingChatClient(inner, tracker).GetStreamingResponseAsync("Hi", new ChatOptions { ModelId = requestedModel }, Ct));

        Assert.Equal(expected, Assert.Single(tracker.ByModel).Key);
    }

    [Fact]
    public async Task StreamingCall_CountsForTheLastModelTheUpdatesName()
    {
        var tracker = new GreenPTImpactTracker();
        var inner = new FakeChatClient { Updates = [new ChatResponseUpdate(ChatRole.Assistant, "a") { ModelId = "first" }, new ChatResponseUpdate(ChatRole.Assistant, "b") { ModelId = "last" }] };

        await Consume(new GreenPTImpactTrackingChatClient(inner, tracker).GetStreamingResponseAsync("Hi", cancellationToken: Ct));

        Assert.Equal("last", Assert.Single(tracker.ByModel).Key);
    }

    [Fact]
    public async Task StreamingCall_ReadsTheImpactFromTheUsageCounts_WhenNoUpdateCarriesItAsAProperty()
    {
        var tracker = new GreenPTImpactTracker();
        UsageDetails usage = GreenPT.AI.Tests.Infrastructure.ImpactMappingProbe.UsageFor(Impact(2, 20, 3));
        usage.InputTokenCount = 4;
        var inner = new FakeChatClient { Updates = [new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(usage)])] };

        await Consume(new GreenPTImpactTrackingChatClient(inner, tracker).GetStreamingResponseAsync("Hi", cancellationToken: Ct));

        Assert.Equal(0, tracker.Total.CallsWithoutImpact);
        Assert.Equal(0.02, tracker.Total.Impact.EnergyInJoules!.Value, 9);
        Assert.Equal(4, tracker.Total.InputTokens);
    }

    [Fact]
    public async Task Degradation_OnAStreamWithoutUsage_GoesOnTheFirstUpdateWithImpact()
    {
        GreenPTImpactTracker tracker = NearlySpent(new GreenPTCarbonBudget { EnergyLimit = new(100, "Wms"), DegradeAt = 0.5, DegradedModelId = "green-l" });
        var inner = new FakeChatClient { Updates = [new ChatResponseUpdate(ChatRole.Assistant, "x"), ImpactUpdate(Impact(1, 1, 1))] };

        List<ChatResponseUpdate> updates = await Consume(new GreenPTImpactTrackingChatClient(inner, tracker).GetStreamingResponseAsync("Hi", cancellationToken: Ct));

        Assert.Equal(2, updates.Count);
        Assert.True(updates[1].AdditionalProperties!.ContainsKey(GreenPTPropertyNames.BudgetDegradation));
    }

    [Fact]
    public void Middleware_WithoutATrackerOrSelector_IsRefused()
    {
        var inner = new FakeChatClient();
        Assert.Throws<ArgumentNullException>("tracker", () => new GreenPTImpactTrackingChatClient(inner, (GreenPTImpactTracker)null!));
        Assert.Throws<ArgumentNullException>("trackerSelector", () => new GreenPTImpactTrackingChatClient(inner, (Func<ChatOptions?, GreenPTImpactTracker?>)null!));
    }

    [Fact]
    public async Task WallClockTime_OfEachCall_IsRecordedAndSummed()
    {
        var tracker = new GreenPTImpactTracker();
        var inner = new FakeChatClient { Response = new ChatResponse(), Updates = [new ChatResponseUpdate(ChatRole.Assistant, "x")], Work = TimeSpan.FromMilliseconds(40) };
        var client = new GreenPTImpactTrackingChatClient(inner, tracker);

        await client.GetResponseAsync("Hi", cancellationToken: Ct);
        await Consume(client.GetStreamingResponseAsync("Hi", cancellationToken: Ct));

        // Each call took at least its 40 ms of simulated work, and nowhere near a minute.
        Assert.InRange(tracker.Total.Duration, TimeSpan.FromMilliseconds(75), TimeSpan.FromMinutes(1));
        Assert.Equal(2, tracker.Total.Calls);
    }

    [Fact]
    public async Task StreamingCall_SumsTheImpactOfEveryUpdateThatCarriesOne_WhenThereAreNoUsageCounts()
    {
        var tracker = new GreenPTImpactTracker();
        var inner = new FakeChatClient { Updates = [ImpactUpdate(Impact(1, 10, 2)), new ChatResponseUpdate(ChatRole.Assistant, "x"), ImpactUpdate(Impact(3, 30, 4))] };

        await Consume(new GreenPTImpactTrackingChatClient(inner, tracker).GetStreamingResponseAsync("Hi", cancellationToken: Ct));

        Assert.Equal(new GreenPTMeasurement(40, "Wms"), tracker.Total.Impact.Energy);
        Assert.Equal(new GreenPTMeasurement(6, "ugCO2e"), tracker.Total.Impact.Emissions);
        Assert.Equal(0, tracker.Total.CallsWithoutImpact);
    }

    [Fact]
    public async Task Degradation_OnANonStreamingCall_IsAddedBesideTheResponsesOwnProperties()
    {
        GreenPTImpactTracker tracker = NearlySpent(new GreenPTCarbonBudget { EnergyLimit = new(100, "Wms"), DegradeAt = 0.5, DegradedModelId = "green-l" });
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { AdditionalProperties = new() { ["mine"] = 1 } };
        var inner = new FakeChatClient { Response = response };

        ChatResponse result = await new GreenPTImpactTrackingChatClient(inner, tracker).GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Equal(1, result.AdditionalProperties!["mine"]);
        Assert.Equal("model green-l: 60% of the carbon budget of 'scope' is spent", result.AdditionalProperties[GreenPTPropertyNames.BudgetDegradation]);
        Assert.Equal("green-l", inner.LastOptions!.ModelId);
    }

    [Fact]
    public async Task DegradedCall_KeepsEverythingElseTheCallerSet()
    {
        GreenPTImpactTracker tracker = NearlySpent(new GreenPTCarbonBudget { EnergyLimit = new(100, "Wms"), DegradeAt = 0.5, DegradeReasoning = true });
        var inner = new FakeChatClient { Response = new ChatResponse() };
        var options = new ChatOptions
        {
            ModelId = "gemma4",
            Temperature = 0.25f,
            AdditionalProperties = new() { ["tenant"] = "a", [GreenPTPropertyNames.ReasoningEffort] = "high" },
        };

        await new GreenPTImpactTrackingChatClient(inner, tracker).GetResponseAsync("Hi", options, Ct);

        Assert.Equal("gemma4", inner.LastOptions!.ModelId);
        Assert.Equal(0.25f, inner.LastOptions.Temperature);
        Assert.Equal("a", inner.LastOptions.AdditionalProperties!["tenant"]);

        // Thinking off as the portable setting (which GreenPT's client maps to what the model accepts), replacing the caller's verbatim effort.
        Assert.Equal(ReasoningEffort.None, inner.LastOptions.Reasoning!.Effort);
        Assert.False(inner.LastOptions.AdditionalProperties.ContainsKey(GreenPTPropertyNames.ReasoningEffort));
        Assert.Equal("high", options.AdditionalProperties[GreenPTPropertyNames.ReasoningEffort]); // the caller's options are not changed
        Assert.Null(options.Reasoning);
        Assert.Equal(1, tracker.Total.DegradedCalls);
    }

    [Fact]
    public async Task DegradeAtWithNothingToDegrade_SendsTheCallUnchanged()
    {
        GreenPTImpactTracker tracker = NearlySpent(new GreenPTCarbonBudget { EnergyLimit = new(100, "Wms"), DegradeAt = 0.5 });
        var inner = new FakeChatClient { Response = new ChatResponse() };
        var options = new ChatOptions { ModelId = "gemma4" };

        ChatResponse result = await new GreenPTImpactTrackingChatClient(inner, tracker).GetResponseAsync("Hi", options, Ct);

        Assert.Same(options, inner.LastOptions);
        Assert.Null(result.AdditionalProperties);
        Assert.Equal(0, tracker.Total.DegradedCalls);
    }

    [Fact]
    public async Task DegradedCallWithoutOptions_GetsOptionsOfItsOwn()
    {
        GreenPTImpactTracker tracker = NearlySpent(new GreenPTCarbonBudget { EnergyLimit = new(100, "Wms"), DegradeAt = 0.5, DegradedModelId = "green-l" });
        var inner = new FakeChatClient { Response = new ChatResponse() };

        await new GreenPTImpactTrackingChatClient(inner, tracker).GetResponseAsync("Hi", options: null, Ct);

        Assert.Equal("green-l", inner.LastOptions!.ModelId);
    }

    [Fact]
    public async Task Degradation_OnAStream_GoesOnTheFirstUpdateWithImpactOrUsage_Once()
    {
        GreenPTImpactTracker tracker = NearlySpent(new GreenPTCarbonBudget { EnergyLimit = new(100, "Wms"), DegradeAt = 0.5, DegradedModelId = "green-l" });
        var usage = new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 1 })]);
        var inner = new FakeChatClient { Updates = [new ChatResponseUpdate(ChatRole.Assistant, "x"), usage, ImpactUpdate(Impact(1, 1, 1))] };

        List<ChatResponseUpdate> updates = await Consume(new GreenPTImpactTrackingChatClient(inner, tracker).GetStreamingResponseAsync("Hi", cancellationToken: Ct));

        Assert.Equal(3, updates.Count);
        Assert.Null(updates[0].AdditionalProperties);
        Assert.True(updates[1].AdditionalProperties!.ContainsKey(GreenPTPropertyNames.BudgetDegradation));
        Assert.False(updates[2].AdditionalProperties!.ContainsKey(GreenPTPropertyNames.BudgetDegradation));
        Assert.Equal(1, tracker.Total.InputTokens);
    }

    [Fact]
    public async Task Degradation_OnAStreamWithoutAFinalUpdate_ComesOnAnUpdateOfItsOwn()
    {
        GreenPTImpactTracker tracker = NearlySpent(new GreenPTCarbonBudget { EnergyLimit = new(100, "Wms"), DegradeAt = 0.5, DegradedModelId = "green-l" });
        var inner = new FakeChatClient { Updates = [new ChatResponseUpdate(ChatRole.Assistant, "x")] };

        List<ChatResponseUpdate> updates = await Consume(new GreenPTImpactTrackingChatClient(inner, tracker).GetStreamingResponseAsync("Hi", cancellationToken: Ct));

        Assert.Equal(2, updates.Count);
        Assert.Equal("model green-l: 60% of the carbon budget of 'scope' is spent", updates[1].AdditionalProperties![GreenPTPropertyNames.BudgetDegradation]);
        Assert.Empty(updates[1].Contents);
    }

    [Fact]
    public async Task BudgetSpentExactly_RefusesTheCall_NamingAnUnnamedScopeAsSuch()
    {
        var tracker = new GreenPTImpactTracker { Budget = new GreenPTCarbonBudget { EnergyLimit = new(100, "Wms"), EmissionsLimit = new(10, "ugCO2e") } };
        tracker.Record(new GreenPTImpactRecord { Impact = Impact(1, 100, 5) });
        var inner = new FakeChatClient { Response = new ChatResponse() };

        var ex = await Assert.ThrowsAsync<GreenPTCarbonBudgetExceededException>(() => new GreenPTImpactTrackingChatClient(inner, tracker).GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.Equal("The carbon budget of this scope is spent (energy 100 mJ… of 100 Wms, emissions 5 µgCO2e of 10 ugCO2e); the call was not sent.".Replace("100 mJ…", new GreenPTImpact { Energy = new(100, "Wms") }.ToString(), StringComparison.Ordinal), ex.Message);
        Assert.Null(ex.Scope);
        Assert.Equal(1, tracker.Total.RefusedCalls);
        Assert.Null(inner.LastOptions);
    }

    [Fact]
    public void Tracker_CountsACallWithEnergyOrEmissionsAlone_AsOneWithImpact_AndAnUnnamedModelAsUnknown()
    {
        var tracker = new GreenPTImpactTracker();
        tracker.Record(new GreenPTImpactRecord { Impact = new GreenPTImpact { Energy = new(10, "Wms") }, Duration = TimeSpan.FromSeconds(1) });
        tracker.Record(new GreenPTImpactRecord { Impact = new GreenPTImpact { Emissions = new(1, "ugCO2e") }, Duration = TimeSpan.FromSeconds(2) });
        tracker.Record(new GreenPTImpactRecord { Impact = new GreenPTImpact { InferenceTime = new(5, "ms") } });

        Assert.Equal(3, tracker.Total.Calls);
        Assert.Equal(1, tracker.Total.CallsWithoutImpact);
        Assert.Equal(TimeSpan.FromSeconds(3), tracker.Total.Duration);
        Assert.Equal("unknown", Assert.Single(tracker.ByModel).Key);
        Assert.Throws<ArgumentNullException>("record", () => tracker.Record(null!));
    }

    [Fact]
    public void Totals_WithoutAnyImpact_HaveNoAverages_AndZeroEnergyGivesNoTokensPerWattHour()
    {
        var none = new GreenPTImpactTracker();
        none.Record(new GreenPTImpactRecord { InputTokens = 5 });
        var zero = new GreenPTImpactTracker();
        zero.Record(new GreenPTImpactRecord { Impact = new GreenPTImpact { InferenceTime = new(5, "ms"), Energy = new(0, "Wms") }, InputTokens = 5 });

        Assert.Null(none.Total.AveragePerCall);
        Assert.Null(none.Total.TokensPerWattHour);
        Assert.Equal(TimeSpan.FromMilliseconds(5), zero.Total.AveragePerCall!.InferenceDuration);
        Assert.Null(zero.Total.TokensPerWattHour);
    }

    [Fact]
    public void AveragePerCall_DividesEachFigureByTheCallsThatReportedImpact()
    {
        var tracker = new GreenPTImpactTracker();
        tracker.Record(new GreenPTImpactRecord { Impact = new GreenPTImpact { Energy = new(10, "Wms") } });
        tracker.Record(new GreenPTImpactRecord { Impact = new GreenPTImpact { Energy = new(30, "Wms"), Emissions = new(8, "ugCO2e") } });
        tracker.Record(new GreenPTImpactRecord());

        GreenPTImpact average = tracker.Total.AveragePerCall!;

        Assert.Equal(20, average.EnergyInJoules!.Value * 1000, 9);
        Assert.Equal(4e-6, average.EmissionsInGramsCO2e!.Value, 12);
    }

    [Fact]
    public void Budget_DegradeAtOfOne_IsAllowed_AndOutOfRangeIsRefusedNamingIt()
    {
        Assert.Equal(1, new GreenPTCarbonBudget { EnergyLimit = new(1, "Wh"), DegradeAt = 1 }.DegradeAt);
        var ex = Assert.Throws<ArgumentOutOfRangeException>("DegradeAt", () => new GreenPTCarbonBudget { DegradeAt = 1.5 });
        Assert.Contains("DegradeAt is a share of the budget, from 0 to 1.", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>("spent", () => new GreenPTCarbonBudget().SpentFraction(null!));
        Assert.Equal("The carbon budget is spent.", new GreenPTCarbonBudgetExceededException().Message);
    }

    private static GreenPTImpactTracker NearlySpent(GreenPTCarbonBudget budget)
    {
        var tracker = new GreenPTImpactTracker("scope") { Budget = budget };
        tracker.Record(new GreenPTImpactRecord { Impact = new GreenPTImpact { Energy = new(60, "Wms") } });
        return tracker;
    }

    private static async Task<List<ChatResponseUpdate>> Consume(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in updates)
        {
            list.Add(update);
        }

        return list;
    }

    /// <summary>An inner client that answers as told and remembers the options it was called with.</summary>
    private sealed class FakeChatClient : IChatClient
    {
        public ChatResponse? Response { get; init; }

        public List<ChatResponseUpdate> Updates { get; init; } = [];

        public TimeSpan Work { get; init; }

        public ChatOptions? LastOptions { get; private set; }

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            LastOptions = options;
            if (Work > TimeSpan.Zero)
            {
                await Task.Delay(Work, cancellationToken); // simulated work whose wall-clock time is measured, not a synchronisation
            }

            return Response!;
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            LastOptions = options;
            if (Work > TimeSpan.Zero)
            {
                await Task.Delay(Work, cancellationToken);
            }

            foreach (ChatResponseUpdate update in Updates)
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
