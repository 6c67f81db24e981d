namespace FoodDelivery.SystemTests;

/// <summary>Reads an owned row straight from a service's database, tombstones included.</summary>
public static class OwnerTables
{
    public static async Task<(long Version, bool Deleted)?> ReadRowAsync(this RunningSystem system, string database, string table, Guid id)
    {
        await using var connection = await system.OpenDatabaseAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT version, deleted FROM {table} WHERE id = $1";
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt64(0), reader.GetBoolean(1)) : null;
    }
}
