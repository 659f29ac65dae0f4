namespace GreenPT.AI.Tests.Impact;

/// <summary>Adding impacts: units respected, missing figures tolerated, versions kept only when they agree.</summary>
public sealed class GreenPTImpactArithmeticTests
{
    private static GreenPTImpact Of(double ms, double wms, double ug, string? version = "20250922") =>
        new() { InferenceTime = new(ms, "ms"), Energy = new(wms, "Wms"), Emissions = new(ug, "ugCO2e"), Version = version };

    [Fact]
    public void SameUnits_AddInThatUnit()
    {
        GreenPTImpact sum = Of(1380, 526, 47) + Of(2851, 3112097.5, 26311);
        Assert.Equal(Of(4231, 3112623.5, 26358), sum);
    }

    [Fact]
    public void DifferentUnits_AddInGreenPTUnits()
    {
        var a = new GreenPTImpact { Energy = new(1, "J"), Emissions = new(1, "mgCO2e"), InferenceTime = new(1, "s") };
        var b = new GreenPTImpact { Energy = new(500, "Wms"), Emissions = new(500, "ugCO2e"), InferenceTime = new(500, "ms") };
        GreenPTImpact sum = a + b;
        Assert.Equal(new GreenPTMeasurement(1500, "Wms"), sum.Energy);
        Assert.Equal(new GreenPTMeasurement(1500, "ugCO2e"), sum.Emissions);
        Assert.Equal(new GreenPTMeasurement(1500, "ms"), sum.InferenceTime);
    }

    [Fact]
    public void Zero_IsTheIdentity_AndSumOfNothingIsZero()
    {
        Assert.Equal(Of(1, 2, 3), GreenPTImpact.Zero + Of(1, 2, 3));
        Assert.Equal(GreenPTImpact.Zero, GreenPTImpact.Sum([]));
        Assert.Equal(Of(2, 4, 6), GreenPTImpact.Sum([Of(1, 2, 3), null, Of(1, 2, 3)]));
    }

    [Fact]
    public void MissingFigures_TakeTheOtherSide_AndVersionsMustAgree()
    {
        GreenPTImpact sum = new GreenPTImpact { Energy = new(5, "Wms"), Version = "a" } + new GreenPTImpact { Emissions = new(7, "ugCO2e"), Version = "b" };
        Assert.Equal(new GreenPTMeasurement(5, "Wms"), sum.Energy);
        Assert.Equal(new GreenPTMeasurement(7, "ugCO2e"), sum.Emissions);
        Assert.Null(sum.InferenceTime);
        Assert.Null(sum.Version);
        Assert.Equal("a", (new GreenPTImpact { Version = "a" } + new GreenPTImpact()).Version);
    }

    [Fact]
    public void UnknownDifferentUnits_CannotBeAdded()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new GreenPTImpact { Energy = new(1, "calories") } + new GreenPTImpact { Energy = new(1, "Wms") });
        Assert.Contains("calories", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new GreenPTMeasurement(3, "calories"), (new GreenPTImpact { Energy = new(1, "calories") } + new GreenPTImpact { Energy = new(2, "calories") }).Energy);
    }

    [Fact]
    public void MilliAndMegaWattHours_DoNotAddUp_AsTheSameUnit()
    {
        GreenPTImpact sum = new GreenPTImpact { Energy = new(1, "mWh") } + new GreenPTImpact { Energy = new(1, "MWh") };
        Assert.Equal(3.6e9 + 3.6, sum.EnergyInJoules!.Value, 3);
    }
}
