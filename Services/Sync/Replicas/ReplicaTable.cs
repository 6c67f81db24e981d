using System.Collections.Concurrent;
using FoodDelivery.Contracts;
using FoodDelivery.Sync.Clusters;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.OwnedEntities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace FoodDelivery.Sync.Replicas;

/// <summary>
/// The hand-written statements on one replica table, built once per (DbContext, replica type) from
/// the EF model (EF has neither a conditional upsert nor a write conditional on a column's value):
/// the consumer's version-guarded upsert (with its ownership-epoch rule), and the rebuild's writes:
/// the version guard alone, and a replace and a remove that touch the row only while it still
/// holds the version the rebuild observed. Each statement takes the row's columns as
/// <c>@p0..@pN</c> (provider values, through EF's value converters); the conditional ones also
/// take <c>@observed</c>, the consumer's upsert the delivery's origin (<c>@origin</c>, <c>@local</c>)
/// and the event's owner (<c>@owner</c>, for its take-over fence). The row's origin
/// (<see cref="OwnedEntityConvention.ReplicaOrigin"/>) is written only by the consumer; a rebuild's new
/// row has none yet (empty) and a replaced one keeps its own.
/// </summary>
sealed class ReplicaTable
{
    static readonly ConcurrentDictionary<(Type Context, Type Replica), ReplicaTable> Tables = new();

    // Each column's provider value, its getter and value converter looked up once (this runs per delivered row).
    readonly Func<object, object?>[] columns;

    // Each column's provider type, for the arrays of a run (ApplyRun).
    readonly Type[] columnTypes;

    ReplicaTable(
        IReadOnlyList<IProperty> columns, int idIndex, string upsert, string storedVersion, string storedOrigin, string upsertNewer, string replace, string remove,
        string applyRun)
    {
        this.columns = columns.Select(ProviderValue).ToArray();
        columnTypes = columns.Select(ProviderType).ToArray();
        ApplyRun = applyRun;
        IdIndex = idIndex;
        Upsert = upsert;
        StoredVersion = storedVersion;
        StoredOrigin = storedOrigin;
        UpsertNewer = upsertNewer;
        Replace = replace;
        Remove = remove;
    }

    /// <summary>Which of <c>@p0..@pN</c> is the id.</summary>
    public int IdIndex { get; }

    /// <summary>
    /// The consumer's: <c>INSERT ... ON CONFLICT (id) DO UPDATE ... WHERE replica.version &lt; excluded.version
    /// AND (excluded.version &gt;&gt; 32) &lt;= (replica.version &gt;&gt; 32) + 1</c> and the peer's rule of
    /// <see cref="Clusters.PeerChangeRule"/>: from this cluster anything; from the row's own (or an unknown) origin
    /// the same epoch; from another, the next epoch while the owner is fenced for the take-over.
    /// </summary>
    public string Upsert { get; }

    /// <summary><c>SELECT version AS "Value" ... WHERE id = @p(id)</c>, for <c>SqlQueryRaw&lt;long&gt;</c>.</summary>
    public string StoredVersion { get; }

    /// <summary><c>SELECT origin_cluster AS "Value" ... WHERE id = @p(id)</c>, for <c>SqlQueryRaw&lt;string&gt;</c>.</summary>
    public string StoredOrigin { get; }

    /// <summary>
    /// The rebuild's: the version guard without the epoch rule (the row comes from the owner's own
    /// snapshot, not from the bus, and may be several re-homes ahead of a replica left behind).
    /// </summary>
    public string UpsertNewer { get; }

    /// <summary><c>UPDATE ... SET every column WHERE id = @p(id) AND version = @observed</c>.</summary>
    public string Replace { get; }

    /// <summary><c>DELETE ... WHERE id = @id AND version = @observed</c>.</summary>
    public string Remove { get; }

    /// <summary>
    /// A run of plain-replica deliveries in one statement (<see cref="ReplicaRunStatement"/>): the inbox lookup, the
    /// same guarded upsert as <see cref="Upsert"/> for the deliveries not in the inbox, and their inbox rows written
    /// with the final outcome. Takes the run as arrays (<see cref="RunParameters"/>); the text is fixed per table, so
    /// the server can keep it prepared.
    /// </summary>
    public string ApplyRun { get; }

    public static ReplicaTable Of(DbContext db, Type replicaType) =>
        Tables.GetOrAdd((db.GetType(), replicaType), key => Build(db.Model, key.Replica));

    /// <summary>The row's columns as parameters <c>@p0..@pN</c>, in the statements' order.</summary>
    public List<object> Parameters(object replica)
    {
        var parameters = new List<object>(columns.Length);
        for (var index = 0; index < columns.Length; index++)
        {
            parameters.Add(new NpgsqlParameter($"p{index}", columns[index](replica) ?? DBNull.Value));
        }
        return parameters;
    }

    /// <summary>The row's columns and where it came from, for <see cref="Upsert"/>.</summary>
    public List<object> UpsertParameters(object replica, string origin, bool local, string owner)
    {
        var parameters = Parameters(replica);
        parameters.Add(new NpgsqlParameter("origin", origin));
        parameters.Add(new NpgsqlParameter("local", local));
        parameters.Add(new NpgsqlParameter("owner", owner));
        return parameters;
    }

    /// <summary>The rows' columns as arrays <c>@p0..@pN</c>, one element per row, for <see cref="ApplyRun"/>.</summary>
    public List<NpgsqlParameter> RunParameters(IReadOnlyList<object> replicas)
    {
        var parameters = new List<NpgsqlParameter>(columns.Length);
        for (var index = 0; index < columns.Length; index++)
        {
            var values = Array.CreateInstance(columnTypes[index], replicas.Count);
            for (var row = 0; row < replicas.Count; row++)
            {
                values.SetValue(columns[index](replicas[row]), row);
            }
            parameters.Add(new NpgsqlParameter($"p{index}", values));
        }
        return parameters;
    }

    /// <summary>The id as <c>@p(id)</c>, for <see cref="StoredVersion"/> and <see cref="StoredOrigin"/>.</summary>
    public NpgsqlParameter IdParameter(object replica) => new($"p{IdIndex}", columns[IdIndex](replica));

    static Func<object, object?> ProviderValue(IProperty property)
    {
        var getter = property.GetGetter();
        var converter = ConverterOf(property);
        return converter is null
            ? getter.GetClrValue
            : replica => getter.GetClrValue(replica) is { } value ? converter.ConvertToProvider(value) : null;
    }

    /// <summary>The element type of the column's array: its provider type, nullable when the column is.</summary>
    static Type ProviderType(IProperty property)
    {
        var type = ConverterOf(property)?.ProviderClrType ?? property.ClrType;
        return property.IsNullable && type.IsValueType && Nullable.GetUnderlyingType(type) is null
            ? typeof(Nullable<>).MakeGenericType(type)
            : type;
    }

    /// <summary>The column's converter to its stored value (the property's own, or its type mapping's), if any.</summary>
    static ValueConverter? ConverterOf(IProperty property) => property.GetValueConverter() ?? property.GetTypeMapping().Converter;

    static ReplicaTable Build(IModel model, Type replicaType)
    {
        var entity = model.FindEntityType(replicaType)
            ?? throw new InvalidOperationException($"{replicaType.Name} is not in the DbContext: add a DbSet<{replicaType.Name}>.");
        var tableName = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
        var table = (entity.GetSchema() is { } schema ? Quote(schema) + "." : "") + Quote(tableName);
        // The origin is the engine's column, not the row's: the statements below write it themselves.
        var originProperty = entity.FindProperty(OwnedEntityConvention.ReplicaOrigin)!;
        var origin = Quote(originProperty.GetColumnName(store)!);
        var properties = entity.GetProperties().Where(property => property != originProperty).ToList();
        var names = properties.Select(property => Quote(property.GetColumnName(store)!)).ToList();
        string ColumnOf(string property) => names[properties.FindIndex(candidate => candidate.Name == property)];
        string ParameterOf(string property) => $"@p{properties.FindIndex(candidate => candidate.Name == property)}";
        var id = ColumnOf(nameof(IReplica.Id));
        var version = ColumnOf(nameof(IReplica.Version));
        var values = string.Join(", ", names.Select((_, index) => $"@p{index}"));
        var others = names.Select((name, index) => (Name: name, Index: index)).Where(column => column.Name != id).ToList();

        var update = string.Join(", ", others.Select(column => $"{column.Name} = EXCLUDED.{column.Name}"));
        var upsertNewer = $"INSERT INTO {table} ({string.Join(", ", names)}, {origin}) VALUES ({values}, '') " +
                          $"ON CONFLICT ({id}) DO UPDATE SET {update} WHERE {table}.{version} < EXCLUDED.{version}";
        var incomingEpoch = $"(EXCLUDED.{version} >> {ChangeVersion.EpochShift})";
        var heldEpoch = $"({table}.{version} >> {ChangeVersion.EpochShift})";
        var fences = model.FindEntityType(typeof(TakeOverFence))!;
        var fenceTable = StoreObjectIdentifier.Table(fences.GetTableName()!, fences.GetSchema());
        var fenced = $"EXISTS (SELECT 1 FROM {(fences.GetSchema() is { } fenceSchema ? Quote(fenceSchema) + "." : "")}{Quote(fences.GetTableName()!)} " +
                     $"WHERE {Quote(fences.FindProperty(nameof(TakeOverFence.Owner))!.GetColumnName(fenceTable)!)} = @owner)";
        string Guard(string local) =>
            $"WHERE {table}.{version} < EXCLUDED.{version} AND {incomingEpoch} <= {heldEpoch} + 1 " +
            $"AND ({local} " +
            $"OR ({incomingEpoch} = {heldEpoch} AND {table}.{origin} IN (EXCLUDED.{origin}, '')) " +
            $"OR ({incomingEpoch} = {heldEpoch} + 1 AND {table}.{origin} NOT IN (EXCLUDED.{origin}, '') AND {fenced}))";
        var upsert = $"INSERT INTO {table} ({string.Join(", ", names)}, {origin}) VALUES ({values}, @origin) " +
                     $"ON CONFLICT ({id}) DO UPDATE SET {update}, {origin} = EXCLUDED.{origin} " + Guard("@local");
        var idIndex = properties.FindIndex(property => property.Name == nameof(IReplica.Id));
        var versionIndex = properties.FindIndex(property => property.Name == nameof(IReplica.Version));
        var (applied, stale) = (ChangeOutcome.Applied.RecordedName(), ChangeOutcome.Stale.RecordedName());
        var localRow = Guard($"EXCLUDED.{origin} = @here");
        var runColumns = string.Join(", ", names.Select((_, index) => $"c{index}"));
        // An older row from the old home of a row taken over since (PeerChangeRule): not stale, the transaction path refuses it.
        var supersededRow = $"(fresh.source_cluster <> @here AND stored.{origin} NOT IN (fresh.source_cluster, '') " +
                            $"AND (fresh.c{versionIndex} >> {ChangeVersion.EpochShift}) < (stored.{version} >> {ChangeVersion.EpochShift}))";
        // A row from this cluster is one whose origin is this cluster (@here): the upsert's @local, per row.
        var applyRun = $"""
            WITH run AS (
                SELECT * FROM unnest(@ids, @sources, @clusters, @types, @committed, @traces, {values})
                    WITH ORDINALITY AS run(message_id, source_service, source_cluster, type, committed_at, trace_id, {runColumns}, position)
            ),
            held AS (
                SELECT run.position, inbox.type, inbox.aggregate_id, inbox.version
                FROM run JOIN sync_inbox AS inbox USING (message_id, source_service, source_cluster)
            ),
            fresh AS (
                SELECT * FROM run WHERE position NOT IN (SELECT position FROM held)
            ),
            written AS (
                INSERT INTO {table} ({string.Join(", ", names)}, {origin})
                SELECT {runColumns}, source_cluster FROM fresh ORDER BY c{idIndex}
                ON CONFLICT ({id}) DO UPDATE SET {update}, {origin} = EXCLUDED.{origin}
                {localRow}
                RETURNING {table}.{id} AS id
            ),
            stale AS (
                SELECT fresh.position FROM fresh JOIN {table} AS stored ON stored.{id} = fresh.c{idIndex}
                WHERE stored.{version} >= fresh.c{versionIndex}
                    AND NOT {supersededRow}
            ),
            claimed AS (
                INSERT INTO sync_inbox (message_id, source_service, source_cluster, type, aggregate_id, version, outcome, committed_at, applied_at, trace_id)
                SELECT message_id, source_service, source_cluster, type, c{idIndex}, c{versionIndex},
                    CASE WHEN c{idIndex} IN (SELECT id FROM written) THEN '{applied}' ELSE '{stale}' END, committed_at, @now, trace_id
                FROM fresh
                WHERE c{idIndex} IN (SELECT id FROM written) OR position IN (SELECT position FROM stale)
                RETURNING message_id, source_service, source_cluster, outcome
            )
            SELECT run.position, claimed.outcome, held.type, held.aggregate_id, held.version
            FROM run
            LEFT JOIN claimed USING (message_id, source_service, source_cluster)
            LEFT JOIN held ON held.position = run.position
            """;
        // SqlQueryRaw<T> reads a column named Value.
        var storedVersion = $"SELECT {version} AS \"Value\" FROM {table} WHERE {id} = {ParameterOf(nameof(IReplica.Id))}";
        var storedOrigin = $"SELECT {origin} AS \"Value\" FROM {table} WHERE {id} = {ParameterOf(nameof(IReplica.Id))}";
        var replace = $"UPDATE {table} SET {string.Join(", ", others.Select(column => $"{column.Name} = @p{column.Index}"))} " +
                      $"WHERE {id} = {ParameterOf(nameof(IReplica.Id))} AND {version} = @observed";
        var remove = $"DELETE FROM {table} WHERE {id} = @id AND {version} = @observed";
        return new ReplicaTable(properties, idIndex, upsert, storedVersion, storedOrigin, upsertNewer, replace, remove, applyRun);
    }

    static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
