namespace GreenPT.AI.Tests.Accounting.Ledger;

/// <summary>Calls without a measured impact get an estimate with its range, kept apart from what was measured.</summary>
public sealed class EstimateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GreenPTImpactRecord Measured(string model, double wms, double ug) =>
        new() { ModelId = model, Impact = new GreenPTImpact { Energy = new(wms, "Wms"), Emissions = new(ug, "ugCO2e") } };

    [Fact]
    public async Task CallWithoutImpact_IsEstimatedFromItsModelsAverage_ElseTheScopes_AndNeverAddedToTheMeasured()
    {
        var tracker = new GreenPTImpactTracker("tenant-a");
        tracker.Record(Measured("gemma4", 100, 10));
        await tracker.RecordAsync(Measured("gemma4", 300, 30), Ct);
        tracker.Record(Measured("green-l", 1000, 100));

        await tracker.RecordAsync(new GreenPTImpactRecord { ModelId = "gemma4" }, Ct);  // model average: 200 Wms, 20 µg
        tracker.Record(new GreenPTImpactRecord { ModelId = "embedder" });                 // scope average: 466.666 Wms, 46.666 µg

        GreenPTImpactTotals total = tracker.Total;
        Assert.Equal(1400, total.Impact.EnergyInJoules!.Value * 1000, 9);                  // measured only
        Assert.Equal(2, total.CallsWithoutImpact);
        Assert.Equal(2, total.EstimatedCalls);
        Assert.Equal(200 + 466.666, total.EstimatedImpact.EnergyInJoules!.Value * 1000, 9);
        Assert.Equal((200 + 466.666) / 2, total.EstimatedImpactLow.EnergyInJoules!.Value * 1000, 9);
        Assert.Equal((200 + 466.666) * 2, total.EstimatedImpactHigh.EnergyInJoules!.Value * 1000, 9);
        Assert.Equal(20, tracker.ByModel["gemma4"].EstimatedImpact.EmissionsInGramsCO2e!.Value * 1e6, 9);
        Assert.Contains("estimated, not measured (2 calls)", tracker.CreateReport().ToString(), StringComparison.Ordinal);
        Assert.Contains("\"basis\": \"estimated\"", tracker.CreateReport().ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void CallWithoutImpact_InAScopeThatMeasuredNothing_HasNoEstimate_UnlessADefaultIsGiven()
    {
        var plain = new GreenPTImpactTracker();
        var withDefault = new GreenPTImpactTracker { DefaultEstimate = new GreenPTImpact { Energy = new(1, "Wh"), Emissions = new(40, "mgCO2e") } };

        plain.Record(new GreenPTImpactRecord { ModelId = "x" });
        withDefault.Record(new GreenPTImpactRecord { ModelId = "x" });

        Assert.Equal(0, plain.Total.EstimatedCalls);
        Assert.DoesNotContain("estimated", plain.CreateReport().ToJson(), StringComparison.Ordinal);
        Assert.Equal(1, withDefault.Total.EstimatedCalls);
        Assert.Equal(1, withDefault.Total.EstimatedImpact.EnergyInWattHours!.Value, 12);
        Assert.Equal(0.08, withDefault.Total.EstimatedImpactHigh.EmissionsInGramsCO2e!.Value, 12);
        Assert.Equal(0, withDefault.Total.Impact.EnergyInWattHours);
    }
}
