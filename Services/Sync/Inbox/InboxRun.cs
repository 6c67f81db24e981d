using FoodDelivery.Sync.Consumer;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace FoodDelivery.Sync.Inbox;

/// <summary>
/// The inbox's statements, for a run of deliveries applied in one transaction (a delivery applied alone is a
/// run of one): one claim and one outcome update for the whole run instead of two statements per delivery.
/// Written with Npgsql arrays (<c>unnest</c>)
/// because EF Core has no multi-row <c>INSERT ... ON CONFLICT DO NOTHING RETURNING</c>.
/// </summary>
static class InboxRun
{
    /// <summary>
    /// Claims every message id not in the inbox yet, as 'pending'; returns the ids claimed (the others are
    /// duplicates). A claim holds the id's key until commit, so a concurrent duplicate waits, then skips.
    /// </summary>
    public static async Task<HashSet<string>> ClaimAsync(DbContext db, IReadOnlyList<AcceptedChange> run, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = Command(db,
            """
            INSERT INTO sync_inbox (message_id, type, source_service, aggregate_id, version, outcome, committed_at, applied_at)
            SELECT message_id, type, source_service, aggregate_id, version, 'pending', committed_at, @now
            FROM unnest(@ids, @types, @sources, @aggregates, @versions, @committed)
                AS run(message_id, type, source_service, aggregate_id, version, committed_at)
            ON CONFLICT (message_id) DO NOTHING
            RETURNING message_id
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", run.Select(change => change.MessageId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("types", run.Select(change => change.Type).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("sources", run.Select(change => change.Provenance.Owner).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("aggregates", run.Select(change => change.Change.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]>("versions", run.Select(change => change.Change.Version).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("committed", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = run.Select(change => change.Delivery.CommittedAt).ToArray(),
        });
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(reader.GetString(0));
        }
        return claimed;
    }

    /// <summary>Records each claimed delivery's outcome (its metric name) in one statement.</summary>
    public static async Task RecordOutcomesAsync(DbContext db, IReadOnlyList<(string MessageId, string Outcome)> outcomes, DateTimeOffset now, CancellationToken ct)
    {
        if (outcomes.Count == 0)
        {
            return;
        }
        await using var command = Command(db,
            """
            UPDATE sync_inbox AS inbox SET outcome = run.outcome, applied_at = @now
            FROM unnest(@ids, @outcomes) AS run(message_id, outcome)
            WHERE inbox.message_id = run.message_id
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", outcomes.Select(outcome => outcome.MessageId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("outcomes", outcomes.Select(outcome => outcome.Outcome).ToArray()));
        await command.ExecuteNonQueryAsync(ct);
    }

    static NpgsqlCommand Command(DbContext db, string sql)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("The inbox run needs the delivery transaction.");
        return new NpgsqlCommand(sql, connection, transaction);
    }
}
