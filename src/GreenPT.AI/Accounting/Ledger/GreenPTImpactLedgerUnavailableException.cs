namespace GreenPT.AI;

/// <summary>
/// A shared <see cref="GreenPTImpactLedger"/> (for example Redis) could not be reached to check or reserve a scope's budget. With
/// <see cref="GreenPTLedgerUnavailableBehavior.Refuse"/> (the default) the call is not sent and this exception reaches the caller.
/// </summary>
public sealed class GreenPTImpactLedgerUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public GreenPTImpactLedgerUnavailableException()
        : base("The impact ledger is unavailable.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What could not be reached, for which scope.</param>
    public GreenPTImpactLedgerUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What could not be reached, for which scope.</param>
    /// <param name="innerException">The cause.</param>
    public GreenPTImpactLedgerUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The scope whose budget could not be checked.</summary>
    public string? Scope { get; init; }

    /// <summary>The ledger, for example <c>Redis</c>.</summary>
    public string? Ledger { get; init; }
}

/// <summary>What a budget does when its ledger cannot be reached before a call.</summary>
public enum GreenPTLedgerUnavailableBehavior
{
    /// <summary>
    /// Refuse the call: it is not sent, and the caller gets a <see cref="GreenPTImpactLedgerUnavailableException"/> naming the
    /// ledger and the scope. The budget is never passed, at the price of availability.
    /// </summary>
    Refuse,

    /// <summary>
    /// Send the call and record its impact locally: the ledger keeps it in a bounded buffer and adds it to the shared totals when it is
    /// reachable again (reconciled later). The app stays available. While the ledger is down the call is checked only against the
    /// last totals this tracker read from it plus what it recorded since: when they spend the budget the call is refused with a
    /// <see cref="GreenPTCarbonBudgetExceededException"/> (the ledger's exception as its inner one); other instances' spending since
    /// is not known, and a calendar window's last totals stop counting when the window ends.
    /// </summary>
    SendAndRecordLater,
}
