using System.Globalization;
using ScottPlot;
using SkiaSharp;

namespace GreenPT.AI.Charts;

/// <summary>
/// Draws a <see cref="GreenPTImpactSeries"/> as a PNG with ScottPlot: the same chart as <see cref="GreenPTImpactSeries.ToSvg"/>
/// (energy above, emissions below, one stacked colour per model, estimates hatched, a legend with each model's totals).
/// </summary>
public static class GreenPTImpactSeriesPngExtensions
{
    // The palette of the SVG chart (Okabe and Ito's), so that both images agree.
    private static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

    /// <summary>The chart as PNG bytes.</summary>
    /// <param name="series">The series to draw.</param>
    /// <param name="options">Size and title; <see langword="null"/> for 960 by 600 and a title naming the scope and window.</param>
    public static byte[] ToPng(this GreenPTImpactSeries series, GreenPTChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        options ??= new GreenPTChartOptions();
        var chart = new Multiplot();
        chart.AddPlots(2);
        Panel(chart.GetPlot(0), series, energy: true);
        Panel(chart.GetPlot(1), series, energy: false);
        chart.GetPlot(0).Title(options.Title ?? Title(series), size: 15);
        Legend(chart.GetPlot(0), series);

        using var surface = SKSurface.Create(new SKImageInfo(options.Width, options.Height));
        chart.Render(surface);
        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>Writes the chart to a PNG file.</summary>
    /// <param name="series">The series to draw.</param>
    /// <param name="path">The file to write (replaced if it exists).</param>
    /// <param name="options">Size and title; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public static void SavePng(this GreenPTImpactSeries series, string path, GreenPTChartOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        File.WriteAllBytes(path, series.ToPng(options));
    }

    private static double Value(GreenPTImpactTotals t, bool energy, bool estimated)
    {
        GreenPTImpact impact = estimated ? t.EstimatedImpact : t.Impact;
        return (energy ? impact.EnergyInWattHours : impact.EmissionsInGramsCO2e) ?? 0;
    }

    private static void Panel(Plot plot, GreenPTImpactSeries series, bool energy)
    {
        IReadOnlyList<GreenPTImpactSeriesPoint> points = series.Points;
        double max = points.Max(p => p.ByModel.Values.Sum(t => Value(t, energy, false) + Value(t, energy, true)));
        (string unit, double scale) = energy ? EnergyUnit(max) : EmissionsUnit(max);
        var bars = new List<Bar>();
        var stacked = new double[points.Count];
        foreach (bool estimated in new[] { false, true })
        {
            for (int m = 0; m < series.Models.Count; m++)
            {
                for (int i = 0; i < points.Count; i++)
                {
                    double v = points[i].ByModel.TryGetValue(series.Models[m], out GreenPTImpactTotals? t) ? Value(t, energy, estimated) * scale : 0;
                    if (v <= 0)
                    {
                        continue;
                    }

                    var bar = new Bar { Position = i, ValueBase = stacked[i], Value = stacked[i] + v, FillColor = Color.FromHex(Palette[m % Palette.Length]), Size = 0.72 };
                    if (estimated)
                    {
                        bar.FillHatch = new ScottPlot.Hatches.Striped();
                        bar.FillHatchColor = Colors.White;
                    }

                    bars.Add(bar);
                    stacked[i] += v;
                }
            }
        }

        plot.Add.Bars(bars);
        plot.YLabel((energy ? "Energy" : "Emissions") + " (" + unit + ")");
        int every = Math.Max(1, (int)Math.Ceiling(points.Count / 16d));
        double[] positions = [.. Enumerable.Range(0, points.Count).Where(i => i % every == 0).Select(i => (double)i)];
        string[] labels = [.. positions.Select(p => Label(series, points[(int)p]))];
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plot.Axes.SetLimitsX(-0.6, points.Count - 0.4);
        // Head room above the bars: the energy panel keeps its upper part for the legend.
        plot.Axes.SetLimitsY(0, max > 0 ? max * scale * (energy ? 1.1 + (0.07 * (series.Models.Count + 1)) : 1.1) : 1);
    }

    private static void Legend(Plot plot, GreenPTImpactSeries series)
    {
        for (int m = 0; m < series.Models.Count; m++)
        {
            double wh = 0, g = 0;
            foreach (GreenPTImpactSeriesPoint p in series.Points)
            {
                if (p.ByModel.TryGetValue(series.Models[m], out GreenPTImpactTotals? t))
                {
                    wh += Value(t, true, false);
                    g += Value(t, false, false);
                }
            }

            string totals = wh > 0 || g > 0 ? Energy(wh) + ", " + Emissions(g) : "nothing measured";
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series.Models[m] + ": " + totals, FillColor = Color.FromHex(Palette[m % Palette.Length]) });
        }

        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = "estimated, not measured",
            FillColor = Color.FromHex("#666666"),
            FillHatch = new ScottPlot.Hatches.Striped(),
            FillHatchColor = Colors.White,
        });
        plot.ShowLegend(Alignment.UpperLeft);
    }

    private static string Title(GreenPTImpactSeries series) =>
        "GreenPT impact" + (series.Scope is null ? string.Empty : " of " + series.Scope) + ", "
        + (series.Window.Kind == GreenPTBudgetWindowKind.AllTime ? "the last 12 months" : series.Window.ToString())
        + " (" + series.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " to "
        + series.End.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC)";

    private static string Label(GreenPTImpactSeries series, GreenPTImpactSeriesPoint point) => series.Interval switch
    {
        GreenPTLedgerBucketKind.Minute or GreenPTLedgerBucketKind.Hour => point.Start.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture),
        GreenPTLedgerBucketKind.Day => point.Start.UtcDateTime.Day.ToString(CultureInfo.InvariantCulture),
        _ => point.Start.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture),
    };

    private static (string Unit, double Scale) EnergyUnit(double wh) => wh >= 1000 ? ("kWh", 1e-3) : wh >= 1 ? ("Wh", 1) : ("mWh", 1e3);

    private static (string Unit, double Scale) EmissionsUnit(double g) =>
        g >= 1000 ? ("kgCO2e", 1e-3) : g >= 1 ? ("gCO2e", 1) : g >= 1e-3 ? ("mgCO2e", 1e3) : ("µgCO2e", 1e6);

    private static string Energy(double wh)
    {
        (string unit, double scale) = EnergyUnit(wh);
        return (wh * scale).ToString("G3", CultureInfo.InvariantCulture) + " " + unit;
    }

    private static string Emissions(double g)
    {
        (string unit, double scale) = EmissionsUnit(g);
        return (g * scale).ToString("G3", CultureInfo.InvariantCulture) + " " + unit;
    }
}
