namespace GreenPT.AI;

/// <summary>
/// Where a <see cref="GreenPTImpactTracker"/> keeps its sums: per scope, per <see cref="GreenPTLedgerBucket"/> (all time, UTC month,
/// day, hour, minute) and per model, with the reservations of calls in flight. <see cref="GreenPTInMemoryImpactLedger"/> (the
/// default) keeps them in this process; the <c>GreenPT.AI.Redis</c> package shares them between every instance of an app.
/// </summary>
/// <remarks>
/// Every operation is atomic per scope: a record goes into all its buckets at once, and a reservation is granted only if the
/// window's spending plus the scope's live reservations plus the new one stay within the limits, checked and taken in one step.
/// </remarks>
public abstract class GreenPTImpactLedger
{
    /// <summary>The longest scope name a shared ledger accepts.</summary>
    public const int MaxScopeLength = 200;

    /// <summary>Adds one call's counters (or a refused or degraded count) to the scope's buckets containing <paramref name="at"/>.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="modelId">The model, or <see langword="null"/> to count the scope's total only.</param>
    /// <param name="counters">What to add.</param>
    /// <param name="at">When it happened.</param>
    public abstract void Record(string scope, string? modelId, GreenPTImpactCounters counters, DateTimeOffset at);

    /// <summary>Adds one call's counters asynchronously; see <see cref="Record"/>.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="modelId">The model, or <see langword="null"/> to count the scope's total only.</param>
    /// <param name="counters">What to add.</param>
    /// <param name="at">When it happened.</param>
    /// <param name="cancellationToken">Cancels the wait (a stored ledger may still apply the record).</param>
    public abstract ValueTask RecordAsync(string scope, string? modelId, GreenPTImpactCounters counters, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The scope's sums over a window, in total and per model, with its live reservations.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="window">The window.</param>
    /// <param name="at">A time in the window (for a rolling window, its end).</param>
    public abstract GreenPTLedgerReading Read(string scope, GreenPTBudgetWindow window, DateTimeOffset at);

    /// <summary>The scope's sums over a window, asynchronously; see <see cref="Read"/>.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="window">The window.</param>
    /// <param name="at">A time in the window (for a rolling window, its end).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public abstract ValueTask<GreenPTLedgerReading> ReadAsync(string scope, GreenPTBudgetWindow window, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reserves a call's expected cost against the scope's limits, atomically: granted only if what the window has spent, plus the
    /// scope's live reservations, plus this one, stays within every limit. The estimate follows <see cref="GreenPTReservationRequest"/>.
    /// </summary>
    /// <param name="request">What to reserve.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public abstract ValueTask<GreenPTReservation> ReserveAsync(GreenPTReservationRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends a granted reservation: removes it and, when <paramref name="counters"/> is given, records them in the same step
    /// (<see langword="null"/> releases it, for a call that failed without being billed).
    /// </summary>
    /// <param name="reservation">A granted reservation.</param>
    /// <param name="modelId">The model that answered.</param>
    /// <param name="counters">What the call measured, or <see langword="null"/>.</param>
    /// <param name="at">When the call ended.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public abstract ValueTask SettleAsync(GreenPTReservation reservation, string? modelId, GreenPTImpactCounters? counters, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Forgets everything recorded for the scope, and its reservations.</summary>
    /// <param name="scope">The scope.</param>
    public abstract void Reset(string scope);

    /// <summary>
    /// Checks a scope name for a shared ledger: 1 to <see cref="MaxScopeLength"/> characters, ASCII letters, digits and
    /// <c>- _ . @ / +</c> only (no spaces, control characters, <c>:</c>, braces or glob characters, which mean something in
    /// Redis keys).
    /// </summary>
    /// <param name="scope">The name.</param>
    /// <param name="paramName">The argument it came from.</param>
    /// <exception cref="ArgumentException">The name is empty, too long or has a character outside the allowed set.</exception>
    public static string ValidateScope(string? scope, string paramName)
    {
        if (string.IsNullOrEmpty(scope))
        {
            throw new ArgumentException("A scope shared through a ledger needs a name (for example a tenant id).", paramName);
        }

        if (scope!.Length > MaxScopeLength)
        {
            throw new ArgumentException($"The scope name is {scope.Length} characters long; at most {MaxScopeLength} are allowed.", paramName);
        }

        foreach (char c in scope)
        {
            if (!(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or '@' or '/' or '+'))
            {
                string shown = c < ' ' || c > '~' ? $"U+{(int)c:X4}" : $"'{c}'";
                throw new ArgumentException(
                    $"The scope name has the character {shown}, which a shared ledger does not accept: use ASCII letters, digits and - _ . @ / + only.", paramName);
            }
        }

        return scope;
    }
}
