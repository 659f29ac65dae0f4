using System.Globalization;
using System.Text;
using System.Xml;

namespace GreenPT.AI;

/// <summary>
/// Draws a <see cref="GreenPTImpactSeries"/> as SVG: two panels (energy, emissions) of stacked bars per bucket, one colour per model,
/// measured figures solid and estimates hatched above them, y axes in the unit that reads best, and a legend with each model's
/// totals. Every bar carries <c>data-model</c>, <c>data-basis</c>, <c>data-start</c> and <c>data-value</c> (Wh or gCO2e) so a
/// dashboard or a test can read the figures back.
/// </summary>
internal static class ImpactChartSvg
{
    // Okabe and Ito's palette: told apart with the common colour-vision deficiencies.
    private static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

    private const string Ns = "http://www.w3.org/2000/svg";

    private const double Left = 84, LegendWidth = 250, Top = 64, Bottom = 36, PanelGap = 52;

    public static string Render(GreenPTImpactSeries series, GreenPTChartOptions options)
    {
        var svg = new StringBuilder();
        using (var xml = XmlWriter.Create(svg, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true, IndentChars = " " }))
        {
            double width = options.Width, height = options.Height;
            xml.WriteStartElement("svg", Ns);
            xml.WriteAttributeString("width", Px(width));
            xml.WriteAttributeString("height", Px(height));
            xml.WriteAttributeString("viewBox", $"0 0 {Px(width)} {Px(height)}");
            xml.WriteAttributeString("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif");
            xml.WriteAttributeString("font-size", "12");
            xml.WriteAttributeString("role", "img");
            string title = options.Title ?? DefaultTitle(series);
            Element(xml, "title", Clean(title));
            WritePatterns(xml, series.Models.Count);
            Rect(xml, 0, 0, width, height, "#ffffff", null);
            Text(xml, Left, 26, Clean(title), "start", "16", "bold");
            Text(xml, Left, 46, "Solid: as GreenPT reported it; hatched: estimated, not measured. Buckets: " + IntervalName(series.Interval) + ", UTC.", "start", "12", null, "#444444");

            double plotRight = width - LegendWidth;
            double panelHeight = (height - Top - Bottom - PanelGap) / 2;
            Panel(xml, series, Metric.Energy, Left, Top, plotRight - Left, panelHeight);
            Panel(xml, series, Metric.Emissions, Left, Top + panelHeight + PanelGap, plotRight - Left, panelHeight);
            Legend(xml, series, plotRight + 24, Top);
            xml.WriteEndElement();
        }

        return svg.ToString();
    }

    private enum Metric
    {
        Energy,
        Emissions,
    }

    /// <summary>A model's figure in a bucket, in Wh or gCO2e.</summary>
    private static double Value(GreenPTImpactTotals t, Metric metric, bool estimated)
    {
        GreenPTImpact impact = estimated ? t.EstimatedImpact : t.Impact;
        return (metric == Metric.Energy ? impact.EnergyInWattHours : impact.EmissionsInGramsCO2e) ?? 0;
    }

    private static void Panel(XmlWriter xml, GreenPTImpactSeries series, Metric metric, double x, double y, double w, double h)
    {
        IReadOnlyList<GreenPTImpactSeriesPoint> points = series.Points;
        double max = points.Max(p => p.ByModel.Values.Sum(t => Value(t, metric, false) + Value(t, metric, true)));
        (string unit, double scale) = metric == Metric.Energy ? EnergyUnit(max) : EmissionsUnit(max);
        (double top, double step) = Scale(max * scale);

        xml.WriteStartElement("g", Ns);
        xml.WriteAttributeString("class", "panel");
        xml.WriteAttributeString("data-metric", metric == Metric.Energy ? "energy" : "emissions");
        xml.WriteAttributeString("data-unit", unit);

        // Grid lines and y labels.
        for (double tick = 0; tick <= top + (step / 1000); tick += step)
        {
            double ty = y + h - (tick / top * h);
            Line(xml, x, ty, x + w, ty, tick == 0 ? "#333333" : "#dddddd");
            Text(xml, x - 6, ty + 4, Number(tick), "end", "11", null, "#333333");
        }

        Line(xml, x, y, x, y + h, "#333333");
        string axisTitle = (metric == Metric.Energy ? "Energy" : "Emissions") + " (" + unit + ")";
        xml.WriteStartElement("text", Ns);
        xml.WriteAttributeString("x", Px(x - 58));
        xml.WriteAttributeString("y", Px(y + (h / 2)));
        xml.WriteAttributeString("text-anchor", "middle");
        xml.WriteAttributeString("transform", $"rotate(-90 {Px(x - 58)} {Px(y + (h / 2))})");
        xml.WriteAttributeString("font-weight", "bold");
        xml.WriteString(axisTitle);
        xml.WriteEndElement();

        // X labels, thinned so that they do not overlap.
        double slot = w / points.Count;
        int every = (int)Math.Ceiling(points.Count / Math.Max(1, w / 44));
        for (int i = 0; i < points.Count; i += every)
        {
            Text(xml, x + (slot * (i + 0.5)), y + h + 16, series.Label(points[i]), "middle", "11", null, "#333333");
        }

        // Bars: measured stacked model by model, then the estimates above them.
        double barWidth = Math.Max(1, slot * 0.72);
        var stacked = new double[points.Count];
        foreach (bool estimated in new[] { false, true })
        {
            for (int m = 0; m < series.Models.Count; m++)
            {
                string model = series.Models[m];
                xml.WriteStartElement("g", Ns);
                xml.WriteAttributeString("class", "series");
                xml.WriteAttributeString("data-model", Clean(model));
                xml.WriteAttributeString("data-basis", estimated ? "estimated" : "measured");
                xml.WriteAttributeString("fill", estimated ? $"url(#estimated-{m % Palette.Length})" : Palette[m % Palette.Length]);
                for (int i = 0; i < points.Count; i++)
                {
                    double v = points[i].ByModel.TryGetValue(model, out GreenPTImpactTotals? t) ? Value(t, metric, estimated) : 0;
                    if (v <= 0)
                    {
                        continue;
                    }

                    double barHeight = v * scale / top * h;
                    double barTop = y + h - ((stacked[i] * scale / top * h) + barHeight);
                    xml.WriteStartElement("rect", Ns);
                    xml.WriteAttributeString("x", Px(x + (slot * i) + ((slot - barWidth) / 2)));
                    xml.WriteAttributeString("y", Px(barTop));
                    xml.WriteAttributeString("width", Px(barWidth));
                    xml.WriteAttributeString("height", Px(barHeight));
                    xml.WriteAttributeString("data-start", points[i].Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    xml.WriteAttributeString("data-value", Csv.Number(v));
                    Element(xml, "title", $"{Clean(model)}, {series.Label(points[i])}: {Number(v * scale)} {unit}{(estimated ? " (estimated)" : string.Empty)}");
                    xml.WriteEndElement();
                    stacked[i] += v;
                }

                xml.WriteEndElement();
            }
        }

        xml.WriteEndElement();
    }

    private static void Legend(XmlWriter xml, GreenPTImpactSeries series, double x, double y)
    {
        xml.WriteStartElement("g", Ns);
        xml.WriteAttributeString("class", "legend");
        Text(xml, x, y + 4, "Models (window totals)", "start", "12", "bold");
        double row = y + 22;
        for (int m = 0; m < series.Models.Count; m++)
        {
            string model = series.Models[m];
            double wh = 0, g = 0, estWh = 0, estG = 0;
            foreach (GreenPTImpactSeriesPoint p in series.Points)
            {
                if (p.ByModel.TryGetValue(model, out GreenPTImpactTotals? t))
                {
                    wh += Value(t, Metric.Energy, false);
                    g += Value(t, Metric.Emissions, false);
                    estWh += Value(t, Metric.Energy, true);
                    estG += Value(t, Metric.Emissions, true);
                }
            }

            Rect(xml, x, row - 10, 14, 14, Palette[m % Palette.Length], null);
            string name = Clean(model);
            Text(xml, x + 20, row + 1, name.Length > 30 ? Shorten(name) : name, "start", "12", null);
            Text(xml, x + 20, row + 16, wh > 0 || g > 0 ? Energy(wh) + ", " + Emissions(g) : "nothing measured", "start", "11", null, "#444444");
            row += 34;
            if (estWh > 0 || estG > 0)
            {
                Text(xml, x + 20, row - 3, "+ estimated " + Energy(estWh) + ", " + Emissions(estG), "start", "11", null, "#444444");
                row += 16;
            }
        }

        if (series.Models.Count == 0)
        {
            Text(xml, x, row + 1, "no calls in this window", "start", "12", null, "#444444");
            row += 24;
        }

        Rect(xml, x, row - 10, 14, 14, "url(#estimated-legend)", "#666666");
        Text(xml, x + 20, row + 1, "estimated, not measured", "start", "12", null);
        xml.WriteEndElement();
    }

    private static void WritePatterns(XmlWriter xml, int models)
    {
        xml.WriteStartElement("defs", Ns);
        for (int i = 0; i < Math.Min(models, Palette.Length); i++)
        {
            Pattern(xml, "estimated-" + i.ToString(CultureInfo.InvariantCulture), Palette[i]);
        }

        Pattern(xml, "estimated-legend", "#666666");
        xml.WriteEndElement();
    }

    private static void Pattern(XmlWriter xml, string id, string colour)
    {
        xml.WriteStartElement("pattern", Ns);
        xml.WriteAttributeString("id", id);
        xml.WriteAttributeString("width", "6");
        xml.WriteAttributeString("height", "6");
        xml.WriteAttributeString("patternUnits", "userSpaceOnUse");
        xml.WriteAttributeString("patternTransform", "rotate(45)");
        Rect(xml, 0, 0, 6, 6, "#ffffff", null);
        Rect(xml, 0, 0, 3, 6, colour, null);
        xml.WriteEndElement();
    }

    private static string DefaultTitle(GreenPTImpactSeries series)
    {
        string range = series.Interval == GreenPTLedgerBucketKind.Month
            ? series.Start.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture) + " to " + series.End.UtcDateTime.AddDays(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture)
            : series.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " to " + series.End.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
        string window = series.Window.Kind == GreenPTBudgetWindowKind.AllTime ? "the last 12 months" : series.Window.ToString();
        return "GreenPT impact" + (series.Scope is null ? string.Empty : " of " + series.Scope) + ", " + window + " (" + range + ")";
    }

    private static string IntervalName(GreenPTLedgerBucketKind interval) => interval switch
    {
        GreenPTLedgerBucketKind.Minute => "minutes",
        GreenPTLedgerBucketKind.Hour => "hours",
        GreenPTLedgerBucketKind.Day => "days",
        _ => "months",
    };

    private static (string Unit, double Scale) EnergyUnit(double wh) =>
        wh >= 1000 ? ("kWh", 1e-3) : wh >= 1 ? ("Wh", 1) : ("mWh", 1e3);

    private static (string Unit, double Scale) EmissionsUnit(double g) =>
        g >= 1000 ? ("kgCO2e", 1e-3) : g >= 1 ? ("gCO2e", 1) : g >= 1e-3 ? ("mgCO2e", 1e3) : ("µgCO2e", 1e6);

    private static string Energy(double wh)
    {
        (string unit, double scale) = EnergyUnit(wh);
        return Number(wh * scale) + " " + unit;
    }

    private static string Emissions(double g)
    {
        (string unit, double scale) = EmissionsUnit(g);
        return Number(g * scale) + " " + unit;
    }

    /// <summary>The top of the axis and its tick step: 1, 2, 2.5 or 5 times a power of ten, three to five steps to the top.</summary>
    internal static (double Top, double Step) Scale(double max)
    {
        if (max <= 0 || double.IsNaN(max) || double.IsInfinity(max))
        {
            return (1, 0.25);
        }

        double rough = max / 4;
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double step = new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * power).First(s => s >= rough * 0.999999);
        return (Math.Ceiling((max / step) - 1e-9) * step, step);
    }

    private static string Number(double v) => Csv.Round(v) is var r && Math.Abs(r) >= 1000 ? r.ToString("0", CultureInfo.InvariantCulture) : r.ToString("G3", CultureInfo.InvariantCulture);

    private static string Shorten(string name) => new StringBuilder(name, 0, 29, 30).Append('…').ToString();

    private static string Px(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Text with the characters XML cannot hold replaced by U+FFFD.</summary>
    private static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else
            {
                clean.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
            }
        }

        return clean.ToString();
    }

    private static void Element(XmlWriter xml, string name, string text)
    {
        xml.WriteStartElement(name, Ns);
        xml.WriteString(text);
        xml.WriteEndElement();
    }

    private static void Rect(XmlWriter xml, double x, double y, double w, double h, string fill, string? stroke)
    {
        xml.WriteStartElement("rect", Ns);
        xml.WriteAttributeString("x", Px(x));
        xml.WriteAttributeString("y", Px(y));
        xml.WriteAttributeString("width", Px(w));
        xml.WriteAttributeString("height", Px(h));
        xml.WriteAttributeString("fill", fill);
        if (stroke is not null)
        {
            xml.WriteAttributeString("stroke", stroke);
        }

        xml.WriteEndElement();
    }

    private static void Line(XmlWriter xml, double x1, double y1, double x2, double y2, string stroke)
    {
        xml.WriteStartElement("line", Ns);
        xml.WriteAttributeString("x1", Px(x1));
        xml.WriteAttributeString("y1", Px(y1));
        xml.WriteAttributeString("x2", Px(x2));
        xml.WriteAttributeString("y2", Px(y2));
        xml.WriteAttributeString("stroke", stroke);
        xml.WriteEndElement();
    }

    private static void Text(XmlWriter xml, double x, double y, string text, string anchor, string size, string? weight, string? fill = null)
    {
        xml.WriteStartElement("text", Ns);
        xml.WriteAttributeString("x", Px(x));
        xml.WriteAttributeString("y", Px(y));
        xml.WriteAttributeString("text-anchor", anchor);
        xml.WriteAttributeString("font-size", size);
        if (weight is not null)
        {
            xml.WriteAttributeString("font-weight", weight);
        }

        if (fill is not null)
        {
            xml.WriteAttributeString("fill", fill);
        }

        xml.WriteString(text);
        xml.WriteEndElement();
    }
}
