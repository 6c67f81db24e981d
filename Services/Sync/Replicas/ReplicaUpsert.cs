using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace FoodDelivery.Sync.Replicas;

/// <summary>
/// Writes a replica row only if it is newer than what is stored:
/// <c>INSERT ... ON CONFLICT (id) DO UPDATE ... WHERE replica.version &lt; excluded.version</c>.
/// One statement, so concurrent, duplicate and out-of-order deliveries all converge on the highest
/// version. The SQL is built once per replica table from the EF model (hand-written because EF
/// has no conditional upsert).
/// </summary>
public static class ReplicaUpsert
{
    static readonly ConcurrentDictionary<(Type Context, Type Replica), UpsertStatement> Statements = new();

    /// <summary>True when the row was inserted or replaced, false when it was stale.</summary>
    public static async Task<bool> ApplyAsync<TReplica>(DbContext db, TReplica replica, CancellationToken ct) where TReplica : class, IReplica
    {
        var statement = Statements.GetOrAdd((db.GetType(), typeof(TReplica)), key => UpsertStatement.For(db.Model, key.Replica));
        var parameters = statement.Columns
            .Select((column, index) => new NpgsqlParameter($"p{index}", column.ProviderValue(replica) ?? DBNull.Value))
            .ToArray<object>();
        return await db.Database.ExecuteSqlRawAsync(statement.Sql, parameters, ct) == 1;
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

    sealed record UpsertStatement(string Sql, IReadOnlyList<UpsertColumn> Columns)
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
            var sql = $"INSERT INTO {quotedTable} ({names}) VALUES ({values}) " +
                      $"ON CONFLICT ({id}) DO UPDATE SET {updates} WHERE {quotedTable}.{version} < EXCLUDED.{version}";
            return new UpsertStatement(sql, columns);
        }

        static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
