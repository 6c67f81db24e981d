using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace FoodDelivery.Sync.Replicas;

/// <summary>
/// The hand-written statements on one replica table, built once per (DbContext, replica type) from
/// the EF model (EF has neither a conditional upsert nor a write conditional on a column's value):
/// the consumer's version-guarded upsert, and the rebuild's replace and remove, which touch the row
/// only while it still holds the version the rebuild observed. Each statement takes the row's
/// columns as <c>@p0..@pN</c> (provider values, through EF's value converters); the conditional
/// ones also take <c>@observed</c>.
/// </summary>
sealed class ReplicaTable
{
    static readonly ConcurrentDictionary<(Type Context, Type Replica), ReplicaTable> Tables = new();

    readonly IReadOnlyList<IProperty> columns;

    ReplicaTable(IReadOnlyList<IProperty> columns, string upsert, string replace, string remove)
    {
        this.columns = columns;
        Upsert = upsert;
        Replace = replace;
        Remove = remove;
    }

    /// <summary><c>INSERT ... ON CONFLICT (id) DO UPDATE ... WHERE replica.version &lt; excluded.version</c>.</summary>
    public string Upsert { get; }

    /// <summary><c>UPDATE ... SET every column WHERE id = @p(id) AND version = @observed</c>.</summary>
    public string Replace { get; }

    /// <summary><c>DELETE ... WHERE id = @id AND version = @observed</c>.</summary>
    public string Remove { get; }

    public static ReplicaTable Of(DbContext db, Type replicaType) =>
        Tables.GetOrAdd((db.GetType(), replicaType), key => Build(db.Model, key.Replica));

    /// <summary>The row's columns as parameters <c>@p0..@pN</c>, in the statements' order.</summary>
    public List<object> Parameters(object replica) => columns
        .Select((property, index) => (object)new NpgsqlParameter($"p{index}", ProviderValue(property, replica) ?? DBNull.Value))
        .ToList();

    static object? ProviderValue(IProperty property, object replica)
    {
        var value = property.GetGetter().GetClrValue(replica);
        var converter = property.GetValueConverter() ?? property.GetTypeMapping().Converter;
        return converter is null || value is null ? value : converter.ConvertToProvider(value);
    }

    static ReplicaTable Build(IModel model, Type replicaType)
    {
        var entity = model.FindEntityType(replicaType)
            ?? throw new InvalidOperationException($"{replicaType.Name} is not in the DbContext: add a DbSet<{replicaType.Name}>.");
        var tableName = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
        var table = (entity.GetSchema() is { } schema ? Quote(schema) + "." : "") + Quote(tableName);
        var properties = entity.GetProperties().ToList();
        var names = properties.Select(property => Quote(property.GetColumnName(store)!)).ToList();
        string ColumnOf(string property) => names[properties.FindIndex(candidate => candidate.Name == property)];
        string ParameterOf(string property) => $"@p{properties.FindIndex(candidate => candidate.Name == property)}";
        var id = ColumnOf(nameof(IReplica.Id));
        var version = ColumnOf(nameof(IReplica.Version));
        var values = string.Join(", ", names.Select((_, index) => $"@p{index}"));
        var others = names.Select((name, index) => (Name: name, Index: index)).Where(column => column.Name != id).ToList();

        var upsert = $"INSERT INTO {table} ({string.Join(", ", names)}) VALUES ({values}) " +
                     $"ON CONFLICT ({id}) DO UPDATE SET {string.Join(", ", others.Select(column => $"{column.Name} = EXCLUDED.{column.Name}"))} " +
                     $"WHERE {table}.{version} < EXCLUDED.{version}";
        var replace = $"UPDATE {table} SET {string.Join(", ", others.Select(column => $"{column.Name} = @p{column.Index}"))} " +
                      $"WHERE {id} = {ParameterOf(nameof(IReplica.Id))} AND {version} = @observed";
        var remove = $"DELETE FROM {table} WHERE {id} = @id AND {version} = @observed";
        return new ReplicaTable(properties, upsert, replace, remove);
    }

    static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
