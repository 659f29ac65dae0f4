using System.Text.Json;
using GreenPT.AI.Impact;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Impact;

/// <summary>Unit conversions and readers of <see cref="GreenPTImpact"/>: pure functions, no HTTP.</summary>
public sealed class GreenPTImpactTests
{
    private static readonly GreenPTImpact Docs = new()
    {
        InferenceTime = new(1380, "ms"),
        Energy = new(526, "Wms"),
        Emissions = new(47, "ugCO2e"),
        Version = "20250922",
    };

    [Fact]
    public void Conversions_FromGreenPTUnits()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1380), Docs.InferenceDuration);
        Assert.Equal(0.526, Docs.EnergyInJoules!.Value, 12);
        Assert.Equal(526 / 3_600_000d, Docs.EnergyInWattHours!.Value, 15);
        Assert.Equal(47e-6, Docs.EmissionsInGramsCO2e!.Value, 15);
        Assert.Equal(47e-6 / (526 / 3.6e9), Docs.CarbonIntensityInGramsPerKilowattHour!.Value, 6);
    }

    [Theory]
    [InlineData("Wms", 1000, 1)]
    [InlineData("mJ", 1000, 1)]
    [InlineData("J", 2, 2)]
    [InlineData("kJ", 1, 1000)]
    [InlineData("Wh", 1, 3600)]
    [InlineData("mWh", 1, 3.6)]
    [InlineData("kWh", 1, 3_600_000)]
    public void EnergyUnits_ConvertToJoules(string unit, double total, double joules) =>
        Assert.Equal(joules, new GreenPTImpact { Energy = new(total, unit) }.EnergyInJoules!.Value, 9);

    [Theory]
    [InlineData("ugCO2e", 1_000_000, 1)]
    [InlineData("µgCO2e", 1_000_000, 1)]
    [InlineData("mgCO2e", 1000, 1)]
    [InlineData("gCO2e", 3, 3)]
    [InlineData("kgCO2eq", 1, 1000)]
    [InlineData("g", 2, 2)]
    public void EmissionUnits_ConvertToGrams(string unit, double total, double grams) =>
        Assert.Equal(grams, new GreenPTImpact { Emissions = new(total, unit) }.EmissionsInGramsCO2e!.Value, 9);

    [Fact]
    public void UnknownUnits_ConvertToNull_ButKeepTheFigure()
    {
        var impact = new GreenPTImpact { Energy = new(5, "calories"), Emissions = new(1, "trees"), InferenceTime = new(1, "fortnights") };
        Assert.Null(impact.EnergyInJoules);
        Assert.Null(impact.EmissionsInGramsCO2e);
        Assert.Null(impact.InferenceDuration);
        Assert.Equal("1 fortnights, 5 calories, 1 trees", impact.ToString());
    }

    [Fact]
    public void ToString_UsesHumanUnits()
    {
        Assert.Equal("1.38 s, 0.146 mWh, 47 µgCO2e", Docs.ToString());
        Assert.Equal("no impact figures", new GreenPTImpact().ToString());
    }

    [Fact]
    public void Readers_AcceptTypedAndJsonElementForms()
    {
        JsonElement json = JsonSerializer.SerializeToElement(Docs, AIJsonUtilities.DefaultOptions);
        Infrastructure.JsonAssert.Equal(
            """{"inferenceTime":{"total":1380,"unit":"ms"},"energy":{"total":526,"unit":"Wms"},"emissions":{"total":47,"unit":"ugCO2e"},"version":"20250922"}""",
            json.GetRawText());

        Assert.Equal(Docs, new ChatMessage { AdditionalProperties = new() { ["impact"] = json } }.GetGreenPTImpact());
        Assert.Equal(Docs, new ChatResponseUpdate { AdditionalProperties = new() { ["impact"] = Docs } }.GetGreenPTImpact());
        Assert.Null(new ChatResponseUpdate { AdditionalProperties = new() { ["impact"] = "not an impact" } }.GetGreenPTImpact());
        Assert.Null(new ChatResponseUpdate { AdditionalProperties = new() { ["impact"] = JsonSerializer.SerializeToElement(42) } }.GetGreenPTImpact());
    }

    [Fact]
    public void ResponseReader_FallsBackToTheLastMessageWithImpact()
    {
        var response = new ChatResponse(
        [
            new ChatMessage(ChatRole.Assistant, "a") { AdditionalProperties = new() { ["impact"] = new GreenPTImpact { Version = "first" } } },
            new ChatMessage(ChatRole.Tool, "t"),
            new ChatMessage(ChatRole.Assistant, "b") { AdditionalProperties = new() { ["impact"] = new GreenPTImpact { Version = "last" } } },
            new ChatMessage(ChatRole.Assistant, "c"),
        ]);
        Assert.Equal("last", response.GetGreenPTImpact()!.Version);
    }

    [Fact]
    public void Readers_RejectNullArguments()
    {
        Assert.Throws<ArgumentNullException>("response", () => ((ChatResponse)null!).GetGreenPTImpact());
        Assert.Throws<ArgumentNullException>("message", () => ((ChatMessage)null!).GetGreenPTImpact());
        Assert.Throws<ArgumentNullException>("update", () => ((ChatResponseUpdate)null!).GetGreenPTImpact());
        Assert.Null(((UsageDetails?)null).GetGreenPTImpact());
    }

    [Fact]
    public void Equality_IsByValue()
    {
        var copy = new GreenPTImpact { InferenceTime = new(1380, "ms"), Energy = new(526, "Wms"), Emissions = new(47, "ugCO2e"), Version = "20250922" };
        Assert.Equal(Docs, copy);
        Assert.Equal(Docs.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(Docs, new GreenPTImpact { Energy = new(526, "Wms") });
    }

    [Fact]
    public void CountsRoundTrip_UsesExactIntegerUnits()
    {
        var usage = new UsageDetails();
        ImpactMapper.AddCounts(usage, new GreenPTImpact { Energy = new(0.0015, "Wh"), Emissions = new(0.5, "mgCO2e"), InferenceTime = new(1.5, "s") });
        Assert.Equal(5_400_000, usage.AdditionalCounts![GreenPTUsageCounts.EnergyMicrojoules]);
        Assert.Equal(500_000, usage.AdditionalCounts[GreenPTUsageCounts.EmissionsNanogramsCO2e]);
        Assert.Equal(1_500_000, usage.AdditionalCounts[GreenPTUsageCounts.InferenceTimeMicroseconds]);
    }

    [Theory]
    [InlineData("mWh", 3.6)]
    [InlineData("MWh", 3.6e9)]
    [InlineData("mJ", 1e-3)]
    [InlineData("MJ", 1e6)]
    [InlineData("kwh", 3.6e6)]
    [InlineData("WMS", 1e-3)]
    public void EnergyPrefixes_AreCaseSensitive_ButBaseUnitsAreNot(string unit, double joules) =>
        Assert.Equal(joules, new GreenPTImpact { Energy = new(1, unit) }.EnergyInJoules!.Value, 6);
}
