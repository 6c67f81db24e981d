using System.Collections.Concurrent;
using FoodDelivery.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace FoodDelivery.Sync.Replicas;

/// <summary>
/// Writes a replica row only if it is newer than what is stored, and at most one ownership epoch
/// past it (<see cref="ChangeVersion"/>):
/// <c>INSERT ... ON CONFLICT (id) DO UPDATE ... WHERE replica.version &lt; excluded.version AND
/// (excluded.version &gt;&gt; 32) &lt;= (replica.version &gt;&gt; 32) + 1</c>.
/// One statement, so concurrent, duplicate and out-of-order deliveries all converge on the highest
/// version. When nothing was written, the stored version (locked by the upsert until commit) says
/// whether the event was stale or broke the epoch rule; a breach is refused with its reason, never
/// counted as stale. The SQL is built once per replica table from the EF model (hand-written
/// because EF has no conditional upsert).
/// </summary>
public static class ReplicaUpsert
{
    static readonly ConcurrentDictionary<(Type Context, Type Replica), UpsertStatement> Statements = new();

    /// <summary>True when the row was inserted or replaced, false when it was stale.</summary>
    /// <exception cref="ChangeRejectedException">The version is more than one ownership epoch past the stored one.</exception>
    public static async Task<bool> ApplyAsync<TReplica>(DbContext db, TReplica replica, string eventType, CancellationToken ct) where TReplica : class, IReplica
    {
        var statement = Statements.GetOrAdd((db.GetType(), typeof(TReplica)), key => UpsertStatement.For(db.Model, key.Replica));
        var parameters = statement.Columns
            .Select((column, index) => new NpgsqlParameter($"p{index}", column.ProviderValue(replica) ?? DBNull.Value))
            .ToArray<object>();
        if (await db.Database.ExecuteSqlRawAsync(statement.Sql, parameters, ct) == 1)
        {
            return true;
        }
        var held = await db.Database
            .SqlQueryRaw<long>(statement.StoredVersionSql, new NpgsqlParameter("p0", statement.IdColumn.ProviderValue(replica)))
            .ToListAsync(ct);
        if (held is [var stored] && ChangeVersion.BeyondNextEpoch(eventType, replica.Version, stored) is { } breach)
        {
            throw new ChangeRejectedException(breach);
        }
        return false;
    }

    sealed record UpsertColumn(string Name, IProperty Property)
    {
        public object? ProviderValue(object replica)
        {
            var value = Property.GetGetter().GetClrValue(replica);
            var converter = Property.GetValueConverter() ?? Property.GetTypeMapping().Converter;
            return converter is null || value is null ? value : converter.ConvertToProvider(value);
        }
    }

    sealed record UpsertStatement(string Sql, IReadOnlyList<UpsertColumn> Columns, UpsertColumn IdColumn, string StoredVersionSql)
    {
        public static UpsertStatement For(IModel model, Type replicaType)
        {
            var entity = model.FindEntityType(replicaType)
                ?? throw new InvalidOperationException($"{replicaType.Name} is not in the DbContext: add a DbSet<{replicaType.Name}>.");
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var quotedTable = (entity.GetSchema() is { } schema ? Quote(schema) + "." : "") + Quote(table);
            var columns = entity.GetProperties()
                .Select(property => new UpsertColumn(property.GetColumnName(store)!, property))
                .ToList();
            string ColumnOf(string property) => columns.Single(column => column.Property.Name == property).Name;
            var id = Quote(ColumnOf(nameof(IReplica.Id)));
            var version = Quote(ColumnOf(nameof(IReplica.Version)));

            var names = string.Join(", ", columns.Select(column => Quote(column.Name)));
            var values = string.Join(", ", columns.Select((_, index) => $"@p{index}"));
            var updates = string.Join(", ", columns
                .Where(column => Quote(column.Name) != id)
                .Select(column => $"{Quote(column.Name)} = EXCLUDED.{Quote(column.Name)}"));
            var epochShift = ChangeVersion.EpochShift;
            var sql = $"INSERT INTO {quotedTable} ({names}) VALUES ({values}) " +
                      $"ON CONFLICT ({id}) DO UPDATE SET {updates} WHERE {quotedTable}.{version} < EXCLUDED.{version} " +
                      $"AND (EXCLUDED.{version} >> {epochShift}) <= ({quotedTable}.{version} >> {epochShift}) + 1";
            // SqlQueryRaw<long> reads a column named Value.
            var storedVersion = $"SELECT {version} AS \"Value\" FROM {quotedTable} WHERE {id} = @p0";
            var idColumn = columns.Single(column => column.Property.Name == nameof(IReplica.Id));
            return new UpsertStatement(sql, columns, idColumn, storedVersion);
        }

        static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
