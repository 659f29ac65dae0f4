namespace GreenPT.AI;

/// <summary>A call was refused before it was sent because its scope's <see cref="GreenPTCarbonBudget"/> is spent.</summary>
public sealed class GreenPTCarbonBudgetExceededException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused and why.</param>
    public GreenPTCarbonBudgetExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public GreenPTCarbonBudgetExceededException()
        : base("The carbon budget is spent.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused and why.</param>
    /// <param name="innerException">The cause.</param>
    public GreenPTCarbonBudgetExceededException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The scope's name (<see cref="GreenPTImpactTracker.Name"/>), if it has one.</summary>
    public string? Scope { get; init; }

    /// <summary>What the scope had spent when the call was refused.</summary>
    public GreenPTImpact? Spent { get; init; }

    /// <summary>The energy limit, if the budget has one.</summary>
    public GreenPTMeasurement? EnergyLimit { get; init; }

    /// <summary>The emissions limit, if the budget has one.</summary>
    public GreenPTMeasurement? EmissionsLimit { get; init; }
}
