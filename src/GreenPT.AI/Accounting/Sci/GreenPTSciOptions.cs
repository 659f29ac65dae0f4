using GreenPT.AI.Impact;

namespace GreenPT.AI;

/// <summary>
/// What the caller adds to a <see cref="GreenPTSciReport"/>: the embodied emissions M of the report's window, if it wants them in,
/// and how many workflows (the scope's unit of work: an order handled, a conversation, an agent run) the window covers.
/// </summary>
public sealed class GreenPTSciOptions
{
    private readonly GreenPTMeasurement? _embodiedEmissions;
    private readonly long? _workflows;

    /// <summary>
    /// M: the embodied emissions of the hardware, allocated by the caller to this scope and window, in any CO2e unit
    /// (<c>new(0.5, "gCO2e")</c>); <see langword="null"/> (the default) leaves M out of the score, and the report says so.
    /// GreenPT reports no embodied figure, so the library never makes one up.
    /// </summary>
    /// <exception cref="ArgumentException">The figure is negative, not a number, or in a unit that is not a mass of CO2e.</exception>
    public GreenPTMeasurement? EmbodiedEmissions
    {
        get => _embodiedEmissions;
        init
        {
            if (value is not null)
            {
                double? grams = ImpactUnits.ToGramsCO2e(value);
                if (grams is not double g)
                {
                    throw new ArgumentException(
                        $"The embodied emissions are in '{value.Unit}', which is not a mass of CO2e: use for example gCO2e, kgCO2e or ugCO2e.", nameof(EmbodiedEmissions));
                }

                if (double.IsNaN(g) || double.IsInfinity(g) || g < 0)
                {
                    throw new ArgumentException(
                        $"The embodied emissions must be a finite figure of zero or more, not {value}.", nameof(EmbodiedEmissions));
                }
            }

            _embodiedEmissions = value;
        }
    }

    /// <summary>
    /// R for the per-workflow score: how many workflows ran in the report's window, as the caller counts them (the tracker sees
    /// calls, not what they were for); <see langword="null"/> (the default) for no per-workflow score.
    /// </summary>
    /// <exception cref="ArgumentException">The count is zero or negative.</exception>
    public long? Workflows
    {
        get => _workflows;
        init => _workflows = value is <= 0
            ? throw new ArgumentException(
                $"The number of workflows must be at least 1, not {value}: leave it unset for no per-workflow score.", nameof(Workflows))
            : value;
    }
}
