using Npgsql;

namespace FoodDelivery.SystemTests;

/// <summary>Direct reads of replica and inbox tables, for assertions about what a consumer applied.</summary>
public static class Replicas
{
    public sealed record RestaurantRow(long Version, bool Deleted, string Name, bool IsOpen);

    public static async Task<RestaurantRow?> MenuRestaurantAsync(this IServiceCluster system, Guid id)
    {
        await using var connection = await system.OpenDatabaseAsync("menudb");
        await using var command = new NpgsqlCommand("SELECT version, deleted, name, is_open FROM restaurant_replicas WHERE id = $1", connection);
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new RestaurantRow(reader.GetInt64(0), reader.GetBoolean(1), reader.GetString(2), reader.GetBoolean(3)) : null;
    }

    /// <summary>Waits until menu's replica of the restaurant has reached <paramref name="version"/>.</summary>
    public static Task<RestaurantRow?> MenuRestaurantAtAsync(this IServiceCluster system, Guid id, long version, TimeSpan? within = null) =>
        Eventually.ValueAsync(() => system.MenuRestaurantAsync(id), row => row?.Version >= version, within);

    /// <summary>The inbox outcomes a service recorded for one aggregate, in order of version.</summary>
    public static async Task<List<(long Version, string Outcome)>> InboxAsync(this IServiceCluster system, string database, Guid aggregateId)
    {
        await using var connection = await system.OpenDatabaseAsync(database);
        await using var command = new NpgsqlCommand(
            "SELECT version, outcome FROM sync_inbox WHERE aggregate_id = $1 ORDER BY version, applied_at", connection);
        command.Parameters.AddWithValue(aggregateId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1)));
        }
        return rows;
    }

    public static async Task<long> PendingOutboxAsync(this IServiceCluster system, string database)
    {
        await using var connection = await system.OpenDatabaseAsync(database);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM sync_outbox WHERE sent_at IS NULL", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until a replica table's row for <paramref name="id"/> has reached <paramref name="version"/>.</summary>
    public static Task<long> ReplicaReachesAsync(this IServiceCluster system, string database, string table, Guid id, long version) =>
        Eventually.ValueAsync(async () =>
        {
            await using var connection = await system.OpenDatabaseAsync(database);
            await using var command = new NpgsqlCommand($"SELECT version FROM {table} WHERE id = $1", connection);
            command.Parameters.AddWithValue(id);
            return await command.ExecuteScalarAsync() is long stored ? stored : 0;
        }, stored => stored >= version);
}
