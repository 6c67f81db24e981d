using Npgsql;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// Statements the seven services' databases ran during a phase, from <c>pg_stat_statements</c> (the local server
/// preloads it; the benchmark creates the extension in the maintenance database, as the superuser, since its view
/// covers every database of the server) and transactions from <c>pg_stat_database</c>. Both are reset before the
/// phase. Without the library (a server not started by the local launcher) it says so and counts nothing.
/// </summary>
public sealed class StatementCounts
{
    const int TopStatements = 12;

    readonly string connectionString;
    long transactionsAtReset;

    StatementCounts(string connectionString) => this.connectionString = connectionString;

    static string[] Databases => [.. BenchmarkSystem.ServiceNames.Select(service => service + "db")];

    /// <summary>Null when the server has not loaded <c>pg_stat_statements</c>.</summary>
    public static async Task<StatementCounts?> EnableAsync(BenchmarkSystem system)
    {
        var builder = new NpgsqlConnectionStringBuilder(await system.ConnectionStringAsync("postgres")) { Database = "postgres", Pooling = false };
        var counts = new StatementCounts(builder.ConnectionString);
        await using var connection = await counts.OpenAsync();
        await using (var loaded = new NpgsqlCommand("SELECT current_setting('shared_preload_libraries') LIKE '%pg_stat_statements%'", connection))
        {
            if (!(bool)(await loaded.ExecuteScalarAsync())!)
            {
                Console.WriteLine("pg_stat_statements is not preloaded by this server: no statement counts.");
                return null;
            }
        }
        await using var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection);
        await create.ExecuteNonQueryAsync();
        return counts;
    }

    async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Zeroes the statement and transaction counters of the whole server.</summary>
    public async Task ResetAsync()
    {
        await using var connection = await OpenAsync();
        await using var reset = new NpgsqlCommand("SELECT pg_stat_statements_reset()", connection);
        await reset.ExecuteNonQueryAsync();
        // pg_stat_reset() zeroes only the database it runs in: transactions are read as a difference instead.
        transactionsAtReset = await TransactionsAsync(connection);
    }

    static async Task<long> TransactionsAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(sum(xact_commit + xact_rollback), 0)::int8 FROM pg_stat_database WHERE datname = ANY($1)", connection);
        command.Parameters.AddWithValue(Databases);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>What the seven databases ran since <see cref="ResetAsync"/>, per owner write.</summary>
    public async Task<StatementProfile> ReadAsync(string phase, int writes)
    {
        await using var connection = await OpenAsync();
        // The counters reach pg_stat_database when a backend reports them (at most every 0.5-1 s): wait that out.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var transactions = await TransactionsAsync(connection) - transactionsAtReset;
        await using var command = new NpgsqlCommand(
            """
            SELECT d.datname, s.calls, s.rows, regexp_replace(s.query, '\s+', ' ', 'g')
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = ANY($1)
            ORDER BY s.calls DESC
            """, connection);
        command.Parameters.AddWithValue(Databases);
        var statements = new List<StatementCount>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                statements.Add(new StatementCount(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3)));
            }
        }
        var calls = statements.Sum(statement => statement.Calls);
        return new StatementProfile(phase, writes, calls, transactions,
            statements.GroupBy(statement => statement.Database).ToDictionary(group => group.Key, group => group.Sum(statement => statement.Calls)),
            [.. statements.Take(TopStatements).Select(statement => statement with { Query = Shorten(statement.Query) })]);
    }

    static string Shorten(string query) => query.Length <= 160 ? query : query[..157] + "...";
}
