using System.Diagnostics;
using Npgsql;

namespace FoodDelivery.SystemTests;

public sealed partial class FaultSuiteTests
{
    /// <summary>
    /// Issue 32, item 4: a consumer's database turns read-only for 20 s while changes flow to it, as a primary demoted by a
    /// switchover does (every write refused with 25006, sessions cut). Valid events must wait, not be dead-lettered: the
    /// suite's checks (0 dead letters, converged, 0 lost, 0 applied twice) are the assertion. On main each refused write
    /// was a handler failure, and a prefetch of valid events was dead-lettered after three attempts.
    /// </summary>
    [Fact]
    public Task S8_a_consumers_database_read_only_for_20_seconds() => RunAsync(8, "a consumer's database read-only 20 s (a demoted primary)", async scenario =>
    {
        // Menu, as in scenario 3: it consumes the load's most frequent writes (restaurants).
        var consumer = scenario.Before.Pairs.Select(pair => pair.Consumer).FirstOrDefault(name => name == "menu")
            ?? scenario.Before.Pairs.First().Consumer;
        var database = consumer + "db";
        await using var server = await OpenServerAsync(database);
        var readOnly = Stopwatch.StartNew();
        string? paused;
        try
        {
            // New sessions start read-only; the open ones are cut, so every session the service opens next is read-only.
            await ExecuteAsync(server, $"ALTER DATABASE \"{database}\" SET default_transaction_read_only = on");
            await ExecuteAsync(server, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
            await scenario.Load.WaitForMoreAcceptedAsync(10);
            paused = await Eventually.ValueAsync(() => PausedBecauseAsync(consumer), reason => reason?.Contains("25006", StringComparison.Ordinal) == true,
                TimeSpan.FromSeconds(18));
            await HoldAsync(readOnly, TimeSpan.FromSeconds(20));
        }
        finally
        {
            // Writable again, as after the failover the service reconnects to the new primary: the read-only sessions are cut.
            await ExecuteAsync(server, $"ALTER DATABASE \"{database}\" RESET default_transaction_read_only");
            await ExecuteAsync(server, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()");
            readOnly.Stop();
            NpgsqlConnection.ClearAllPools();
        }
        return $"{database} read-only {readOnly.Elapsed.TotalSeconds:F0} s; {consumer} paused ({paused})";
    });
}
