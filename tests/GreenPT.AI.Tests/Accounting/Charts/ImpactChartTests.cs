using System.Globalization;
using System.Xml.Linq;
using Microsoft.Extensions.Time.Testing;

namespace GreenPT.AI.Tests.Accounting.Charts;

/// <summary>The series a chart is drawn from (buckets per window, read from the ledger) and the SVG, parsed back as XML.</summary>
public sealed class ImpactChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly DateTimeOffset Noon = new(2026, 12, 2, 12, 30, 0, TimeSpan.Zero);

    private static GreenPTImpact Impact(double wms, double ug) => new() { Energy = new(wms, "Wms"), Emissions = new(ug, "ugCO2e") };

    /// <summary>
    /// On 2 December 2026: gemma4 at 09:10 (2 Wh, 80 mg) and 11:59 (1 Wh, 40 mg); "a &lt;b&gt; &amp; \"c\"" at 11:00 (0.5 Wh, 20 mg);
    /// green-l at 12:05 without impact (estimated at the scope's average measured call, yesterday's 10 Wh and 1 g included: 3.375 Wh,
    /// 285 mg).
    /// </summary>
    private static (GreenPTImpactTracker Tracker, FakeTimeProvider Time) Tracker()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 23, 0, 0, TimeSpan.Zero));
        var tracker = new GreenPTImpactTracker("tenant-a") { TimeProvider = time };
        tracker.Record(new GreenPTImpactRecord { ModelId = "gemma4", Impact = Impact(36_000_000, 1_000_000) }); // yesterday: not in today's chart
        void At(int hour, int minute, string model, GreenPTImpact? impact)
        {
            time.SetUtcNow(new DateTimeOffset(2026, 12, 2, hour, minute, 0, TimeSpan.Zero));
            tracker.Record(new GreenPTImpactRecord { ModelId = model, Impact = impact, InputTokens = 10, OutputTokens = 20 });
        }

        At(9, 10, "gemma4", Impact(7_200_000, 80_000));
        At(11, 0, "a <b> & \"c\"", Impact(1_800_000, 20_000));
        At(11, 59, "gemma4", Impact(3_600_000, 40_000));
        At(12, 5, "green-l", null);
        time.SetUtcNow(Noon);
        return (tracker, time);
    }

    [Fact]
    public void Plan_UtcDay_IsTheDaysTwentyFourHours()
    {
        (GreenPTLedgerBucketKind interval, var buckets) = GreenPTImpactSeries.Plan(GreenPTBudgetWindow.UtcDay, Noon);

        Assert.Equal(GreenPTLedgerBucketKind.Hour, interval);
        Assert.Equal(24, buckets.Count);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), buckets[0].Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero), buckets[^1].End);
        Assert.All(buckets, b => Assert.Equal((b.Start, b.End), b.Window.RangeAt(b.At)));
    }

    [Theory]
    [InlineData(90, GreenPTLedgerBucketKind.Minute, 90, 1)]
    [InlineData(120, GreenPTLedgerBucketKind.Minute, 120, 1)]
    [InlineData(150, GreenPTLedgerBucketKind.Hour, 3, 30)]
    [InlineData(300, GreenPTLedgerBucketKind.Hour, 5, 60)]
    public void Plan_Rolling_IsMinutesUpToTwoHours_ElseHoursWithTheOldestShorter(int minutes, GreenPTLedgerBucketKind expected, int count, int oldestMinutes)
    {
        GreenPTBudgetWindow window = GreenPTBudgetWindow.LastMinutes(minutes);
        (GreenPTLedgerBucketKind interval, var buckets) = GreenPTImpactSeries.Plan(window, Noon);

        Assert.Equal(expected, interval);
        Assert.Equal(count, buckets.Count);
        Assert.Equal(oldestMinutes, (buckets[0].End - buckets[0].Start).TotalMinutes);
        Assert.Equal(window.RangeAt(Noon), (buckets[0].Start, buckets[^1].End));
        Assert.All(buckets.Zip(buckets.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start));
        Assert.All(buckets, b => Assert.Equal((b.Start, b.End), b.Window.RangeAt(b.At)));
    }

    [Fact]
    public void Plan_UtcMonth_IsItsDays_AndAllTimeTheLastTwelveMonths()
    {
        var leap = new DateTimeOffset(2028, 2, 10, 8, 0, 0, TimeSpan.Zero);
        (GreenPTLedgerBucketKind days, var february) = GreenPTImpactSeries.Plan(GreenPTBudgetWindow.UtcMonth, leap);
        (GreenPTLedgerBucketKind months, var year) = GreenPTImpactSeries.Plan(GreenPTBudgetWindow.AllTime, leap);

        Assert.Equal((GreenPTLedgerBucketKind.Day, 29), (days, february.Count));
        Assert.Equal((GreenPTLedgerBucketKind.Month, 12), (months, year.Count));
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero), year[0].Start);
        Assert.Equal(new DateTimeOffset(2028, 3, 1, 0, 0, 0, TimeSpan.Zero), year[^1].End);
        Assert.All(february.Concat(year), b => Assert.Equal((b.Start, b.End), b.Window.RangeAt(b.At)));
    }

    [Fact]
    public void GetSeries_PutsEachCallInItsBucket_AndAddsUpToTheWindowsTotals()
    {
        (GreenPTImpactTracker tracker, _) = Tracker();

        GreenPTImpactSeries series = tracker.GetSeries(GreenPTBudgetWindow.UtcDay);

        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], series.Points.Select(p => p.Total.Calls));
        Assert.Equal(3, series.Points[11].ByModel["gemma4"].Impact.EnergyInWattHours!.Value + series.Points[9].ByModel["gemma4"].Impact.EnergyInWattHours!.Value, 9);
        GreenPTImpactTotals day = tracker.GetTotals(GreenPTBudgetWindow.UtcDay);
        Assert.Equal(day.Impact.EnergyInJoules, series.Points.Sum(p => p.Total.Impact.EnergyInJoules));
        Assert.Equal(day.EstimatedImpact.EmissionsInGramsCO2e, series.Points.Sum(p => p.Total.EstimatedImpact.EmissionsInGramsCO2e));
        Assert.Equal(["green-l", "gemma4", "a <b> & \"c\""], series.Models); // the most energy first, estimates included
        Assert.Equal(("tenant-a", GreenPTBudgetWindow.UtcDay), (series.Scope, series.Window));
    }

    [Fact]
    public async Task GetSeriesAsync_ReadsTheSameAsGetSeries()
    {
        (GreenPTImpactTracker tracker, _) = Tracker();

        GreenPTImpactSeries series = await tracker.GetSeriesAsync(GreenPTBudgetWindow.LastMinutes(180), TestContext.Current.CancellationToken);

        Assert.Equal(GreenPTLedgerBucketKind.Hour, series.Interval);
        Assert.Equal(tracker.GetSeries(GreenPTBudgetWindow.LastMinutes(180)).ToSvg(), series.ToSvg());
        Assert.Equal([0, 1, 2], series.Points.Select(p => p.Total.Calls)); // 09:31-10:31 (09:10 is before it), 10:31-11:31, 11:31-12:31
    }

    [Fact]
    public void Svg_IsWellFormed_WithOneSeriesPerModelBasisAndPanel_WhoseBarsAddUpToTheModelsTotals()
    {
        (GreenPTImpactTracker tracker, _) = Tracker();
        GreenPTImpactSeries series = tracker.GetSeries(GreenPTBudgetWindow.UtcDay);
        IReadOnlyDictionary<string, GreenPTImpactTotals> totals = tracker.CreateReport(GreenPTBudgetWindow.UtcDay).ByModel;

        XDocument svg = XDocument.Parse(series.ToSvg());

        Assert.Equal(Svg + "svg", svg.Root!.Name);
        Assert.Equal(("960", "600"), ((string)svg.Root.Attribute("width")!, (string)svg.Root.Attribute("height")!));
        XElement[] panels = [.. svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "panel")];
        Assert.Equal(["energy", "emissions"], panels.Select(p => (string)p.Attribute("data-metric")!));
        Assert.Equal(["Wh", "mgCO2e"], panels.Select(p => (string)p.Attribute("data-unit")!));
        foreach (XElement panel in panels)
        {
            bool energy = (string)panel.Attribute("data-metric")! == "energy";
            XElement[] groups = [.. panel.Elements(Svg + "g").Where(g => (string?)g.Attribute("class") == "series")];
            Assert.Equal(series.Models.Count * 2, groups.Length);
            foreach (string model in series.Models)
            {
                foreach ((string basis, GreenPTImpact expected) in new[] { ("measured", totals[model].Impact), ("estimated", totals[model].EstimatedImpact) })
                {
                    XElement group = Assert.Single(groups, g => (string)g.Attribute("data-model")! == model && (string)g.Attribute("data-basis")! == basis);
                    double sum = group.Elements(Svg + "rect").Sum(r => double.Parse((string)r.Attribute("data-value")!, CultureInfo.InvariantCulture));
                    Assert.Equal((energy ? expected.EnergyInWattHours : expected.EmissionsInGramsCO2e)!.Value, sum, 9);
                }
            }
        }

        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "Energy (Wh)");
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "Emissions (mgCO2e)");
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "a <b> & \"c\"");
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "+ estimated 3.38 Wh, 285 mgCO2e");
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "estimated, not measured");
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "nothing measured"); // green-l
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "3 Wh, 120 mgCO2e"); // gemma4, today only
        Assert.Equal("GreenPT impact of tenant-a, UTC day (2026-12-02 00:00 to 2026-12-03 00:00 UTC)", svg.Root.Element(Svg + "title")!.Value);
    }

    [Fact]
    public void Svg_TheStackedBarsOfABucket_ReachItsTotal_OnTheAxisScale()
    {
        (GreenPTImpactTracker tracker, _) = Tracker();
        XDocument svg = XDocument.Parse(tracker.GetSeries(GreenPTBudgetWindow.UtcDay).ToSvg());
        XElement energy = svg.Descendants(Svg + "g").First(g => (string?)g.Attribute("data-metric") == "energy");

        // 11:00 holds 1 Wh of gemma4 and 0.5 Wh of the other: stacked, they span 1.5 Wh, three quarters of the 09:00 bar (2 Wh); the axis tops at 4 Wh (12:00: 3.375 Wh estimated).
        XElement[] eleven = [.. energy.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("data-start") == "2026-12-02T11:00:00Z")];
        double Top(XElement r) => double.Parse((string)r.Attribute("y")!, CultureInfo.InvariantCulture);
        double Height(XElement r) => double.Parse((string)r.Attribute("height")!, CultureInfo.InvariantCulture);
        Assert.Equal(2, eleven.Length);
        XElement nine = Assert.Single(energy.Descendants(Svg + "rect"), r => (string?)r.Attribute("data-start") == "2026-12-02T09:00:00Z");
        Assert.Equal(1.5 / 2, eleven.Sum(Height) / Height(nine), 2);
        Assert.Equal(Top(eleven.OrderBy(Top).Last()) + Height(eleven.OrderBy(Top).Last()), Top(nine) + Height(nine), 1); // same baseline
        Assert.Contains(energy.Elements(Svg + "text"), t => t.Value == "4"); // the axis top, in Wh
    }

    [Fact]
    public void Svg_IsDeterministic_AndHoldsNoCharacterXmlCannot()
    {
        var tracker = new GreenPTImpactTracker("t");
        tracker.Record(new GreenPTImpactRecord { ModelId = "bad\u0001name\uD800", Impact = Impact(3600, 1) });
        GreenPTImpactSeries series = tracker.GetSeries(GreenPTBudgetWindow.LastMinutes(10));

        string first = series.ToSvg(new GreenPTChartOptions { Width = 640, Height = 400, Title = "Mine" });

        Assert.Equal(first, series.ToSvg(new GreenPTChartOptions { Width = 640, Height = 400, Title = "Mine" }));
        XDocument svg = XDocument.Parse(first);
        Assert.Equal("bad\uFFFDname\uFFFD", (string)svg.Descendants(Svg + "g").First(g => g.Attribute("data-model") is not null).Attribute("data-model")!);
        Assert.Equal("Mine", svg.Root!.Element(Svg + "title")!.Value);
        Assert.Equal("640", (string)svg.Root.Attribute("width")!);
    }

    [Fact]
    public void Svg_OfAnEmptyWindow_SaysSo_WithAZeroToOneAxis()
    {
        XDocument svg = XDocument.Parse(new GreenPTImpactTracker().GetSeries(GreenPTBudgetWindow.UtcMonth).ToSvg());

        Assert.DoesNotContain(svg.Descendants(Svg + "g"), g => (string?)g.Attribute("class") == "series");
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "no calls in this window");
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "1");
    }

    [Theory]
    [InlineData(479, 600, "Width")]
    [InlineData(5000, 600, "Width")]
    [InlineData(960, 359, "Height")]
    [InlineData(960, 4097, "Height")]
    public void ChartOptions_SizeOutOfRange_ThrowsNamingIt(int width, int height, string name)
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new GreenPTChartOptions { Width = width, Height = height });

        Assert.Equal(name, ex.ParamName);
    }

    [Fact]
    public void GetSeries_WithoutAWindow_ThrowsNamingIt()
    {
        Assert.Equal("window", Assert.Throws<ArgumentNullException>(() => new GreenPTImpactTracker().GetSeries(null!)).ParamName);
    }

    [Theory]
    [InlineData(2, 2, 0.5)]
    [InlineData(1.5, 1.5, 0.5)]
    [InlineData(0.0173, 0.02, 0.005)]
    [InlineData(7, 8, 2)]
    [InlineData(101, 150, 50)]
    [InlineData(0, 1, 0.25)]
    public void Scale_IsANiceTopAndStep(double max, double top, double step)
    {
        (double t, double s) = ImpactChartSvg.Scale(max);

        Assert.Equal(top, t, 12);
        Assert.Equal(step, s, 12);
    }
}
