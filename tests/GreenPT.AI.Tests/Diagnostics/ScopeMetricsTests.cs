using System.Diagnostics.Metrics;
using System.Text;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Diagnostics;

/// <summary>
/// The opt-in scope on the "GreenPT.AI" meter: the <c>greenpt.scope</c> tag on a request's measurements (per request, or from a
/// tracker that opted in), and the budget gauge <c>greenpt.budget.spent_fraction</c> per scope.
/// </summary>
public sealed class ScopeMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MeterListener ListenToModel(string model, List<RecordedMeasurement> into) => MeterRecorder.ListenToModel(model, into);

    private static MeterListener Listen(Func<Dictionary<string, object?>, bool> keep, List<RecordedMeasurement> into) => MeterRecorder.Listen(keep, into);

    private static MeterListener ListenToScope(string scope, List<RecordedMeasurement> into) =>
        Listen(tags => Equals(tags.GetValueOrDefault("greenpt.scope"), scope), into);

    private static ScriptedHandler Answers(bool streaming) => new(streaming
        ? ScriptedHandler.Sse(Fixtures.Read("greenpt-stream-basic.sse"))
        : ScriptedHandler.Json(Fixtures.Read("greenpt-completion.json")));

    private static async Task CallAsync(IChatClient client, ChatOptions options, bool streaming)
    {
        if (streaming)
        {
            await client.GetStreamingResponseAsync("Hi", options, Ct).ToChatResponseAsync(Ct);
        }
        else
        {
            await client.GetResponseAsync("Hi", options, Ct);
        }
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task ChatCall_WithoutAScope_CarriesNoScopeTag(bool streaming)
    {
        string model = "scope-none-" + streaming;
        var measurements = new List<RecordedMeasurement>();
        using MeterListener listener = ListenToModel(model, measurements);
        using GreenPTChatClient client = TestClients.Create(Answers(streaming));

        await CallAsync(client, new ChatOptions { ModelId = model }, streaming);

        Assert.Equal(6, measurements.Count);
        Assert.All(measurements, m => Assert.False(m.Tags.ContainsKey("greenpt.scope")));
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task ChatCall_WithMetricsScope_TagsEveryMeasurement_AndSendsNothingOfIt(bool streaming)
    {
        string model = "scope-request-" + streaming;
        var measurements = new List<RecordedMeasurement>();
        using MeterListener listener = ListenToModel(model, measurements);
        ScriptedHandler handler = Answers(streaming);
        using GreenPTChatClient client = TestClients.Create(handler);

        await CallAsync(client, new ChatOptions { ModelId = model, AdditionalProperties = new() { [GreenPTPropertyNames.MetricsScope] = "tenant-a" } }, streaming);

        Assert.Equal(6, measurements.Count);
        Assert.All(measurements, m => Assert.Equal("tenant-a", m.Tags["greenpt.scope"]));
        string body = Encoding.UTF8.GetString(Assert.Single(handler.Requests).BodyBytes);
        Assert.DoesNotContain("metrics_scope", body, StringComparison.Ordinal);
        Assert.DoesNotContain("tenant-a", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbeddingsCall_WithMetricsScope_TagsItsMeasurements()
    {
        var measurements = new List<RecordedMeasurement>();
        using MeterListener listener = ListenToModel("scope-embeddings", measurements);
        var handler = new ScriptedHandler(ScriptedHandler.Json("""
            {"data":[{"index":0,"embedding":[1]}],"model":"scope-embeddings",
             "impact":{"inferenceTime":{"total":22,"unit":"ms"},"energy":{"total":5680,"unit":"Wms"},"emissions":{"total":88,"unit":"ugCO2e"}}}
            """));
        using var generator = new GreenPTEmbeddingGenerator(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = TestClients.Endpoint }, new HttpClient(handler));

        await generator.GenerateAsync(["a"], new EmbeddingGenerationOptions
        {
            ModelId = "scope-embeddings",
            AdditionalProperties = new() { [GreenPTPropertyNames.MetricsScope] = "tenant-e" },
        }, Ct);

        Assert.NotEmpty(measurements);
        Assert.All(measurements, m => Assert.Equal("tenant-e", m.Tags["greenpt.scope"]));
    }

    [Theory, InlineData(42), InlineData("  ")]
    public async Task ChatCall_MetricsScopeNotANonBlankString_IsRefusedBeforeSending(object scope)
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(Fixtures.Read("greenpt-completion.json")));
        using GreenPTChatClient client = TestClients.Create(handler);

        ArgumentException error = await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            client.GetResponseAsync("Hi", new ChatOptions { AdditionalProperties = new() { [GreenPTPropertyNames.MetricsScope] = scope } }, Ct));

        Assert.Contains(GreenPTPropertyNames.MetricsScope, error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task TrackingClient_TrackerIncludingItsScope_TagsTheCallsWithItsName_WithoutChangingTheCallersOptions(bool streaming)
    {
        string scope = "tenant-tracked-" + streaming;
        var measurements = new List<RecordedMeasurement>();
        using MeterListener listener = ListenToScope(scope, measurements);
        var tracker = new GreenPTImpactTracker(scope) { IncludeScopeInMetrics = true };
        using var client = new GreenPTImpactTrackingChatClient(TestClients.Create(Answers(streaming)), tracker);
        var options = new ChatOptions { ModelId = "gemma4" };

        await CallAsync(client, options, streaming);

        Assert.Equal(6, measurements.Count);
        Assert.Contains(measurements, m => m.Instrument == "greenpt.client.energy");
        Assert.Null(options.AdditionalProperties);
        Assert.Equal(1, tracker.Total.Calls);
    }

    [Fact]
    public async Task TrackingClient_TrackerNotIncludingItsScope_LeavesTheTagOff()
    {
        const string Model = "scope-tracker-off";
        var measurements = new List<RecordedMeasurement>();
        using MeterListener listener = ListenToModel(Model, measurements);
        var tracker = new GreenPTImpactTracker("tenant-private");
        using var client = new GreenPTImpactTrackingChatClient(TestClients.Create(Answers(streaming: false)), tracker);

        await client.GetResponseAsync("Hi", new ChatOptions { ModelId = Model }, Ct);

        Assert.Equal(6, measurements.Count);
        Assert.All(measurements, m => Assert.False(m.Tags.ContainsKey("greenpt.scope")));
    }

    [Fact]
    public async Task TrackingClient_ScopeTheCallerSetItself_WinsOverTheTrackersName()
    {
        var measurements = new List<RecordedMeasurement>();
        using MeterListener listener = ListenToScope("caller-chosen", measurements);
        var tracker = new GreenPTImpactTracker("tenant-overridden") { IncludeScopeInMetrics = true };
        using var client = new GreenPTImpactTrackingChatClient(TestClients.Create(Answers(streaming: false)), tracker);

        await client.GetResponseAsync("Hi", new ChatOptions { AdditionalProperties = new() { [GreenPTPropertyNames.MetricsScope] = "caller-chosen" } }, Ct);

        Assert.Equal(6, measurements.Count);
    }

    [Fact]
    public void IncludeScopeInMetrics_OnATrackerWithoutAName_IsRefused()
    {
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => new GreenPTImpactTracker { IncludeScopeInMetrics = true });

        Assert.Contains("name", error.Message, StringComparison.Ordinal);
    }

    private static GreenPTImpactRecord Call(double wms) =>
        new() { ModelId = "gemma4", Impact = new GreenPTImpact { Energy = new(wms, "Wms"), Emissions = new(wms / 10, "ugCO2e") } };

    [Fact]
    public void BudgetGauge_PublishesTheSpentFractionOfEachScopeThatOptedIn_AsItChanges()
    {
        var measurements = new List<RecordedMeasurement>();
        using MeterListener listener = Listen(tags => tags.GetValueOrDefault("greenpt.scope") is "gauge-day" or "gauge-private", measurements);
        var tracker = new GreenPTImpactTracker("gauge-day")
        {
            IncludeScopeInMetrics = true,
            Budget = new GreenPTCarbonBudget { EnergyLimit = new(1, "J"), Window = GreenPTBudgetWindow.UtcDay },
        };
        var notPublished = new GreenPTImpactTracker("gauge-private") { Budget = new GreenPTCarbonBudget { EnergyLimit = new(1, "J") } };
        tracker.Record(Call(250));
        notPublished.Record(Call(500));

        listener.RecordObservableInstruments();
        tracker.Record(Call(500));
        listener.RecordObservableInstruments();

        Assert.Equal([0.25, 0.75], measurements.Select(m => Math.Round(m.Value, 9)));
        Assert.All(measurements, m =>
        {
            Assert.Equal("greenpt.budget.spent_fraction", m.Instrument);
            Assert.Equal("gauge-day", m.Tags["greenpt.scope"]);
            Assert.Equal("UTC day", m.Tags["greenpt.budget.window"]);
        });
        GC.KeepAlive(tracker);
        GC.KeepAlive(notPublished);
    }

    [Fact]
    public void BudgetGauge_TrackersSharingALedgerAndAScope_GiveOneMeasurement()
    {
        var measurements = new List<RecordedMeasurement>();
        using MeterListener listener = ListenToScope("gauge-shared", measurements);
        var ledger = new GreenPTInMemoryImpactLedger();
        var budget = new GreenPTCarbonBudget { EmissionsLimit = new(100, "ugCO2e") };
        var first = new GreenPTImpactTracker("gauge-shared") { Ledger = ledger, IncludeScopeInMetrics = true, Budget = budget };
        var second = new GreenPTImpactTracker("gauge-shared") { Ledger = ledger, IncludeScopeInMetrics = true, Budget = budget };
        first.Record(Call(200));
        second.Record(Call(300));

        listener.RecordObservableInstruments();

        RecordedMeasurement gauge = Assert.Single(measurements);
        Assert.Equal(0.5, gauge.Value, 9);
        GC.KeepAlive(first);
        GC.KeepAlive(second);
    }

    [Fact]
    public void BudgetGauge_TrackerWithoutABudget_OrWhoseLedgerIsUnreachable_IsLeftOut()
    {
        var measurements = new List<RecordedMeasurement>();
        using MeterListener listener = Listen(tags => tags.GetValueOrDefault("greenpt.scope") is "gauge-no-budget" or "gauge-unreachable", measurements);
        var noBudget = new GreenPTImpactTracker("gauge-no-budget") { IncludeScopeInMetrics = true };
        var unreachable = new GreenPTImpactTracker("gauge-unreachable")
        {
            Ledger = new UnreachableLedger(),
            IncludeScopeInMetrics = true,
            Budget = new GreenPTCarbonBudget { EnergyLimit = new(1, "J") },
        };

        listener.RecordObservableInstruments();

        Assert.Empty(measurements);
        GC.KeepAlive(noBudget);
        GC.KeepAlive(unreachable);
    }

    /// <summary>A ledger whose store cannot be reached: every operation fails as a shared ledger's does when its server is down.</summary>
    private sealed class UnreachableLedger : GreenPTImpactLedger
    {
        private static GreenPTImpactLedgerUnavailableException Down(string scope) =>
            new("The ledger 'test' cannot be reached.") { Scope = scope, Ledger = "test" };

        public override void Record(string scope, string? modelId, GreenPTImpactCounters counters, DateTimeOffset at) => throw Down(scope);

        public override ValueTask RecordAsync(string scope, string? modelId, GreenPTImpactCounters counters, DateTimeOffset at, CancellationToken cancellationToken = default) =>
            throw Down(scope);

        public override GreenPTLedgerReading Read(string scope, GreenPTBudgetWindow window, DateTimeOffset at) => throw Down(scope);

        public override ValueTask<GreenPTLedgerReading> ReadAsync(string scope, GreenPTBudgetWindow window, DateTimeOffset at, CancellationToken cancellationToken = default) =>
            throw Down(scope);

        public override ValueTask<GreenPTReservation> ReserveAsync(GreenPTReservationRequest request, CancellationToken cancellationToken = default) =>
            throw Down(request.Scope);

        public override ValueTask SettleAsync(GreenPTReservation reservation, string? modelId, GreenPTImpactCounters? counters, DateTimeOffset at, CancellationToken cancellationToken = default) =>
            throw Down("-");

        public override void Reset(string scope) => throw Down(scope);
    }
}
