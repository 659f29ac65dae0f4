namespace GreenPT.AI;

/// <summary>What a call asks a <see cref="GreenPTImpactLedger"/> to reserve before it is sent.</summary>
/// <remarks>
/// The estimate, per figure: the caller's <see cref="CeilingMicrojoules"/>/<see cref="CeilingNanograms"/> when given; else the
/// most one call of <see cref="ModelId"/> has cost in the scope; else the most any call has cost in the scope; else (nothing
/// recorded yet) all that is left of the limit, so that the first call of a scope runs alone.
/// </remarks>
public sealed class GreenPTReservationRequest
{
    /// <summary>The scope.</summary>
    public string Scope { get; init; } = string.Empty;

    /// <summary>The model the call asks for, if known.</summary>
    public string? ModelId { get; init; }

    /// <summary>The window the limits apply to.</summary>
    public GreenPTBudgetWindow Window { get; init; } = GreenPTBudgetWindow.AllTime;

    /// <summary>The energy limit in micro-joules, if any.</summary>
    public long? EnergyLimitMicrojoules { get; init; }

    /// <summary>The emissions limit in nanograms CO2e, if any.</summary>
    public long? EmissionsLimitNanograms { get; init; }

    /// <summary>The most energy the caller says the call can cost, in micro-joules, if given.</summary>
    public long? CeilingMicrojoules { get; init; }

    /// <summary>The most emissions the caller says the call can cause, in nanograms CO2e, if given.</summary>
    public long? CeilingNanograms { get; init; }

    /// <summary>The reservation's id (unique per call).</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>When the call is made.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>How long the reservation holds if never settled (a crashed caller): after that it no longer counts. Ten minutes unless set.</summary>
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>A ledger's answer to a <see cref="GreenPTReservationRequest"/>.</summary>
public sealed class GreenPTReservation
{
    /// <summary>The scope.</summary>
    public string Scope { get; init; } = string.Empty;

    /// <summary>The reservation's id.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>Whether it was granted (the call may be sent).</summary>
    public bool Granted { get; init; }

    /// <summary>Why it was refused: <see cref="GreenPTReservationRefusal.Spent"/> or <see cref="GreenPTReservationRefusal.NoRoom"/>.</summary>
    public GreenPTReservationRefusal Refusal { get; init; }

    /// <summary>Where the estimate came from: <c>ceiling</c>, <c>model</c>, <c>scope</c> or <c>remaining</c>.</summary>
    public string Basis { get; init; } = string.Empty;

    /// <summary>The energy reserved (or that would have been), in micro-joules.</summary>
    public long EnergyMicrojoules { get; init; }

    /// <summary>The emissions reserved (or that would have been), in nanograms CO2e.</summary>
    public long EmissionsNanograms { get; init; }

    /// <summary>What the window had spent when asked, in micro-joules.</summary>
    public long SpentEnergyMicrojoules { get; init; }

    /// <summary>What the window had spent when asked, in nanograms CO2e.</summary>
    public long SpentEmissionsNanograms { get; init; }

    /// <summary>What other calls in flight had reserved when asked, in micro-joules.</summary>
    public long ReservedEnergyMicrojoules { get; init; }

    /// <summary>What other calls in flight had reserved when asked, in nanograms CO2e.</summary>
    public long ReservedEmissionsNanograms { get; init; }
}

/// <summary>Why a reservation was refused.</summary>
public enum GreenPTReservationRefusal
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>The window's spending has reached a limit.</summary>
    Spent,

    /// <summary>The limit is not reached, but what is left (less what calls in flight reserved) is less than the call's estimate.</summary>
    NoRoom,
}
