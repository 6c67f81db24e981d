namespace FoodDelivery.Benchmarks;

/// <summary>
/// What the seven services' databases ran during one phase (pg_stat_statements, pg_stat_database), divided
/// by owner writes. Every statement counts once, <c>BEGIN</c>, <c>COMMIT</c> and the pool's <c>DISCARD ALL</c>
/// included, and so does the background work of the phase (relay polls, health checks). Round trips are not
/// separable here: pg_stat_statements cannot tell which statements a client sent in one batch (Npgsql batches,
/// EF's SaveChanges), so statements per write is an upper bound on round trips per write.
/// </summary>
public sealed record StatementProfile(
    string Phase,
    int Writes,
    long Calls,
    long Transactions,
    IReadOnlyDictionary<string, long> CallsByDatabase,
    IReadOnlyList<StatementCount> Top)
{
    public double StatementsPerWrite => Writes > 0 ? (double)Calls / Writes : double.NaN;

    /// <summary>Committed or rolled back transactions (each commit a synchronous WAL flush unless read-only).</summary>
    public double TransactionsPerWrite => Writes > 0 ? (double)Transactions / Writes : double.NaN;
}
