using Npgsql;

namespace FoodDelivery.Benchmarks;

/// <summary>
/// Reads the engine's own timestamps: the owner's outbox (commit, publish confirmed) and the
/// replica's inbox (applied), in Unix milliseconds, so lag needs no clock of the benchmark's own.
/// </summary>
public static class ReplicationTimes
{
    /// <summary>Menu's apply times of restaurant changes (menu replicates restaurants).</summary>
    public static Task<Dictionary<Guid, (double CommittedMs, double AppliedMs)>> MenuAppliedAsync(BenchmarkSystem system, IReadOnlyList<Guid> ids) =>
        AppliedAsync(system, "menudb", ids);

    /// <summary>Owner commit and apply times of these aggregates' changes, as one database's inbox recorded them.</summary>
    public static async Task<Dictionary<Guid, (double CommittedMs, double AppliedMs)>> AppliedAsync(
        BenchmarkSystem system, string database, IReadOnlyList<Guid> ids)
    {
        var rows = new Dictionary<Guid, (double, double)>(ids.Count);
        await using var connection = await system.OpenDatabaseAsync(database);
        await using var command = new NpgsqlCommand(
            """
            SELECT aggregate_id, extract(epoch FROM committed_at)::float8 * 1000, extract(epoch FROM applied_at)::float8 * 1000
            FROM sync_inbox WHERE aggregate_id = ANY($1) AND outcome = 'applied'
            """, connection);
        command.Parameters.AddWithValue(ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetGuid(0)] = (reader.GetDouble(1), reader.GetDouble(2));
        }
        return rows;
    }

    /// <summary>Restaurants' publish-confirmed times (outbox sent_at) of its changes.</summary>
    public static async Task<Dictionary<Guid, double>> SentAsync(BenchmarkSystem system, IReadOnlyList<Guid> ids)
    {
        var rows = new Dictionary<Guid, double>(ids.Count);
        await using var connection = await system.OpenDatabaseAsync("restaurantsdb");
        await using var command = new NpgsqlCommand(
            "SELECT aggregate_id, extract(epoch FROM sent_at)::float8 * 1000 FROM sync_outbox WHERE aggregate_id = ANY($1) AND sent_at IS NOT NULL",
            connection);
        command.Parameters.AddWithValue(ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetGuid(0)] = reader.GetDouble(1);
        }
        return rows;
    }

    /// <summary>
    /// Waits (polling) until menu has applied every write or <paramref name="within"/> has passed,
    /// then returns the timelines of those that arrived, in commit order.
    /// </summary>
    public static async Task<List<ReplicationTimeline>> WaitForMenuAsync(BenchmarkSystem system, IReadOnlyList<Guid> ids, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var applied = await MenuAppliedAsync(system, ids);
        while (applied.Count < ids.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            applied = await MenuAppliedAsync(system, ids);
        }
        var sent = await SentAsync(system, ids);
        return applied
            .Select(row => new ReplicationTimeline(row.Key, row.Value.CommittedMs, sent.GetValueOrDefault(row.Key, double.NaN), row.Value.AppliedMs))
            .OrderBy(timeline => timeline.CommittedMs)
            .ToList();
    }

    /// <summary>
    /// Waits (polling) until every one of <paramref name="consumers"/> has applied every write or
    /// <paramref name="within"/> has passed; returns each consumer's timelines of those that arrived, in commit order.
    /// </summary>
    public static async Task<Dictionary<string, List<ReplicationTimeline>>> WaitForConsumersAsync(
        BenchmarkSystem system, IReadOnlyList<string> consumers, IReadOnlyList<Guid> ids, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var applied = new Dictionary<string, Dictionary<Guid, (double CommittedMs, double AppliedMs)>>();
        foreach (var consumer in consumers)
        {
            applied[consumer] = await AppliedAsync(system, consumer + "db", ids);
            while (applied[consumer].Count < ids.Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
                applied[consumer] = await AppliedAsync(system, consumer + "db", ids);
            }
        }
        var sent = await SentAsync(system, ids);
        return applied.ToDictionary(pair => pair.Key, pair => pair.Value
            .Select(row => new ReplicationTimeline(row.Key, row.Value.CommittedMs, sent.GetValueOrDefault(row.Key, double.NaN), row.Value.AppliedMs))
            .OrderBy(timeline => timeline.CommittedMs)
            .ToList());
    }

    /// <summary>
    /// Replica rows applied for these aggregates in every service's inbox (any service that
    /// replicates restaurants counts), and the span from the first commit to the last apply.
    /// </summary>
    public static async Task<(long Applied, double SpanMs)> AppliedEverywhereAsync(BenchmarkSystem system, IReadOnlyList<Guid> ids)
    {
        long applied = 0;
        var first = double.MaxValue;
        var last = double.MinValue;
        foreach (var service in BenchmarkSystem.ServiceNames)
        {
            await using var connection = await system.OpenDatabaseAsync(service + "db");
            await using var command = new NpgsqlCommand(
                """
                SELECT count(*), extract(epoch FROM min(committed_at))::float8 * 1000, extract(epoch FROM max(applied_at))::float8 * 1000
                FROM sync_inbox WHERE aggregate_id = ANY($1) AND outcome = 'applied'
                """, connection);
            command.Parameters.AddWithValue(ids.ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var count = reader.GetInt64(0);
            if (count > 0)
            {
                applied += count;
                first = Math.Min(first, reader.GetDouble(1));
                last = Math.Max(last, reader.GetDouble(2));
            }
        }
        return (applied, applied > 0 ? last - first : double.NaN);
    }

    /// <summary>A real published event body, so the raw baseline sends messages of the same size.</summary>
    public static async Task<string> SamplePayloadAsync(BenchmarkSystem system)
    {
        await using var connection = await system.OpenDatabaseAsync("restaurantsdb");
        await using var command = new NpgsqlCommand("SELECT payload::text FROM sync_outbox ORDER BY sequence DESC LIMIT 1", connection);
        return (string?)await command.ExecuteScalarAsync() ?? throw new InvalidOperationException("restaurants has published nothing yet.");
    }

    /// <summary>Rows restaurants' relay has not published yet.</summary>
    public static async Task<long> PendingOutboxAsync(BenchmarkSystem system)
    {
        await using var connection = await system.OpenDatabaseAsync("restaurantsdb");
        await using var command = new NpgsqlCommand("SELECT count(*) FROM sync_outbox WHERE sent_at IS NULL", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
