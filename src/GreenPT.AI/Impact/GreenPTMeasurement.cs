namespace GreenPT.AI;

/// <summary>One figure of GreenPT's impact report, exactly as the server sent it.</summary>
/// <param name="Total">The value, for example <c>526</c>.</param>
/// <param name="Unit">The unit the server named, for example <c>"Wms"</c>, <c>"ugCO2e"</c> or <c>"ms"</c>.</param>
public sealed record GreenPTMeasurement(double Total, string Unit)
{
    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"{Total} {Unit}");
}
