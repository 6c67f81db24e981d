using FoodDelivery.Sync.Consumer;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace FoodDelivery.Sync.Inbox;

/// <summary>
/// The inbox's statements, for a run of deliveries applied in one transaction (a delivery applied alone is a
/// run of one): one claim and one outcome update for the whole run instead of two statements per delivery.
/// A delivery's identity is its message id and its publisher, the owner and cluster of the exchange it came
/// through (<see cref="Provenance"/>), never the message id alone. Written with Npgsql arrays (<c>unnest</c>)
/// because EF Core has no multi-row <c>INSERT ... ON CONFLICT DO NOTHING RETURNING</c>.
/// </summary>
static class InboxRun
{
    /// <summary>
    /// Claims every identity not in the inbox yet, as 'pending', and says which deliveries of the run to apply
    /// (in the run's order): the one that claimed its identity now. The others are duplicates if the inbox holds
    /// the same change (type, entity, version) under their identity; one that holds another change there is a
    /// publisher reusing a message id, a <see cref="MessageIdConflictException"/>, never a skipped event. A claim
    /// holds the identity's key until commit, so a concurrent duplicate waits, then skips. One statement for a
    /// run without duplicates; a second reads what is recorded for the duplicates.
    /// </summary>
    public static async Task<bool[]> ClaimAsync(DbContext db, IReadOnlyList<AcceptedChange> run, DateTimeOffset now, CancellationToken ct)
    {
        var recorded = new Dictionary<(string, string, string), (string Type, Guid AggregateId, long Version)>();
        await using (var claim = Command(db,
            """
            INSERT INTO sync_inbox (message_id, source_service, source_cluster, type, aggregate_id, version, outcome, committed_at, applied_at, trace_id)
            SELECT message_id, source_service, source_cluster, type, aggregate_id, version, 'pending', committed_at, @now, trace_id
            FROM unnest(@ids, @sources, @clusters, @types, @aggregates, @versions, @committed, @traces)
                AS run(message_id, source_service, source_cluster, type, aggregate_id, version, committed_at, trace_id)
            ON CONFLICT (message_id, source_service, source_cluster) DO NOTHING
            RETURNING message_id, source_service, source_cluster, type, aggregate_id, version
            """))
        {
            AddIdentities(claim, run);
            claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
            claim.Parameters.Add(new NpgsqlParameter<string[]>("types", run.Select(change => change.Type).ToArray()));
            claim.Parameters.Add(new NpgsqlParameter<Guid[]>("aggregates", run.Select(change => change.Change.Id).ToArray()));
            claim.Parameters.Add(new NpgsqlParameter<long[]>("versions", run.Select(change => change.Change.Version).ToArray()));
            claim.Parameters.Add(new NpgsqlParameter("committed", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
            {
                Value = run.Select(change => change.Delivery.CommittedAt).ToArray(),
            });
            claim.Parameters.Add(new NpgsqlParameter("traces", NpgsqlDbType.Array | NpgsqlDbType.Varchar)
            {
                Value = run.Select(change => change.Delivery.TraceId).ToArray(),
            });
            await ReadRecordedAsync(claim, recorded, ct);
        }
        var claimedNow = new HashSet<(string, string, string)>(recorded.Keys);
        var duplicates = run.Where(change => !recorded.ContainsKey(IdentityOf(change))).ToList();
        if (duplicates.Count > 0)
        {
            // A new statement: it sees what a concurrent claim committed while this one waited for it.
            await using var look = Command(db,
                """
                SELECT inbox.message_id, inbox.source_service, inbox.source_cluster, inbox.type, inbox.aggregate_id, inbox.version
                FROM sync_inbox AS inbox
                JOIN unnest(@ids, @sources, @clusters) AS run(message_id, source_service, source_cluster)
                    USING (message_id, source_service, source_cluster)
                """);
            AddIdentities(look, duplicates);
            await ReadRecordedAsync(look, recorded, ct);
        }

        var apply = new bool[run.Count];
        for (var index = 0; index < run.Count; index++)
        {
            var change = run[index];
            var identity = IdentityOf(change);
            // Not found: expired from the inbox since it was claimed (retention), so it was processed: a duplicate.
            if (recorded.TryGetValue(identity, out var held) && held != (change.Type, change.Change.Id, change.Change.Version))
            {
                throw Conflict(change, held);
            }
            // The first delivery of an identity claimed now applies it; a second one in the run (a re-sent row) is a duplicate.
            apply[index] = claimedNow.Remove(identity);
        }
        return apply;
    }

    /// <summary>The delivery's identity is held in the inbox for <paramref name="held"/>, another change: its publisher reused a message id.</summary>
    public static MessageIdConflictException Conflict(AcceptedChange change, (string Type, Guid AggregateId, long Version) held) =>
        new($"{change.Provenance.Owner} (cluster {change.Provenance.Cluster}) already sent message id {change.MessageId} as " +
            $"{held.Type} {held.AggregateId} v{held.Version}; this delivery is {change.Type} {change.Change.Id} v{change.Change.Version}.");

    /// <summary>Records each claimed delivery's outcome (its metric name) in one statement.</summary>
    public static async Task RecordOutcomesAsync(DbContext db, IReadOnlyList<(AcceptedChange Change, string Outcome)> outcomes, DateTimeOffset now, CancellationToken ct)
    {
        if (outcomes.Count == 0)
        {
            return;
        }
        await using var command = Command(db,
            """
            UPDATE sync_inbox AS inbox SET outcome = run.outcome, applied_at = @now
            FROM unnest(@ids, @sources, @clusters, @outcomes) AS run(message_id, source_service, source_cluster, outcome)
            WHERE (inbox.message_id, inbox.source_service, inbox.source_cluster) = (run.message_id, run.source_service, run.source_cluster)
            """);
        AddIdentities(command, outcomes.Select(outcome => outcome.Change).ToList());
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<string[]>("outcomes", outcomes.Select(outcome => outcome.Outcome).ToArray()));
        await command.ExecuteNonQueryAsync(ct);
    }

    static (string MessageId, string Source, string Cluster) IdentityOf(AcceptedChange change) =>
        (change.MessageId, change.Provenance.Owner, change.Provenance.Cluster);

    static void AddIdentities(NpgsqlCommand command, IReadOnlyList<AcceptedChange> changes)
    {
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", changes.Select(change => change.MessageId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("sources", changes.Select(change => change.Provenance.Owner).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("clusters", changes.Select(change => change.Provenance.Cluster).ToArray()));
    }

    static async Task ReadRecordedAsync(
        NpgsqlCommand command, Dictionary<(string, string, string), (string Type, Guid AggregateId, long Version)> recorded, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            recorded[(reader.GetString(0), reader.GetString(1), reader.GetString(2))] = (reader.GetString(3), reader.GetGuid(4), reader.GetInt64(5));
        }
    }

    static NpgsqlCommand Command(DbContext db, string sql)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("The inbox run needs the delivery transaction.");
        return new NpgsqlCommand(sql, connection, transaction);
    }
}
