using System.Globalization;
using System.Text;

namespace GreenPT.AI;

/// <summary>RFC 4180 CSV, written: CRLF line ends, a field quoted when it has a comma, a quote or a line break, quotes doubled.</summary>
internal static class Csv
{
    public static void AppendRow(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            string field = fields[i];
            if (field.IndexOfAny(['"', ',', '\r', '\n']) >= 0)
            {
                csv.Append('"').Append(field.Replace("\"", "\"\"")).Append('"');
            }
            else
            {
                csv.Append(field);
            }
        }

        csv.Append("\r\n");
    }

    /// <summary>A number in invariant culture, to twelve significant digits (no binary noise); empty when there is none.</summary>
    public static string Number(double? value) =>
        value is double v && !double.IsNaN(v) && !double.IsInfinity(v) ? Round(v).ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    public static string Integer(long? value) => value is long v ? v.ToString(CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>Twelve significant digits: exact for GreenPT's figures, without noise such as 0.06426200000000001.</summary>
    public static double Round(double v) => double.Parse(v.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static double? Round(double? v) => v is double d && !double.IsNaN(d) && !double.IsInfinity(d) ? Round(d) : null;
}
