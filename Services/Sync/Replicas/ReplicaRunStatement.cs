using FoodDelivery.Contracts;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Inbox;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace FoodDelivery.Sync.Replicas;

/// <summary>
/// Applies deliveries of plain replicas (<see cref="IReplicaCopy.CopiesOnly"/>) with one statement per replica table
/// (<see cref="ReplicaTable.ApplyRun"/>), all sent as one batch without BEGIN or COMMIT: one round trip and one
/// implicit transaction instead of BEGIN, claim, upsert, outcome, COMMIT. Each statement finds the run's identities
/// the inbox holds (a duplicate if the same change, a reused message id otherwise: dead-lettered, nothing written),
/// upserts the others' rows under the consumer's version guard, and inserts their inbox rows with the outcome:
/// applied where the row was written, stale where the row held this version or a newer one before the statement
/// (unless the delivery is its old home's write from before a take-over, which the transaction path refuses).
/// A delivery that is neither (a guard rule refused it, or another session wrote the row meanwhile) writes nothing
/// and gets no verdict: the transaction path decides it, with its reasons. A concurrent claim of the same identity
/// makes the inbox insert fail (no <c>ON CONFLICT</c> on purpose), which rolls the whole batch back for the caller
/// to take the transaction path; so the statement never records what it did not apply.
/// </summary>
internal static class ReplicaRunStatement
{
    /// <summary>
    /// The positions of <paramref name="run"/> this can apply, one group per replica table, the tables by event type and
    /// each in row (id) order, so concurrent runs lock rows in the same order. Left out: other subscriptions, and deliveries whose identity or row
    /// occurs twice in the run (a re-sent row, two versions of one entity): the transaction applies those in order.
    /// </summary>
    public static List<List<int>> Groups(IReadOnlyList<AcceptedChange> run)
    {
        var identities = run.CountBy(change => (change.MessageId, change.Provenance.Owner, change.Provenance.Cluster))
            .ToDictionary(count => count.Key, count => count.Value);
        var rows = run.CountBy(change => (change.Subscription, change.Change.Id)).ToDictionary(count => count.Key, count => count.Value);
        return Enumerable.Range(0, run.Count)
            .Where(position => run[position] is { Subscription: IReplicaCopy { CopiesOnly: true } } change
                               && identities[(change.MessageId, change.Provenance.Owner, change.Provenance.Cluster)] == 1
                               && rows[(change.Subscription, change.Change.Id)] == 1)
            .GroupBy(position => run[position].Subscription)
            .OrderBy(group => group.Key.EventType, StringComparer.Ordinal)
            .Select(group => group.OrderBy(position => run[position].Change.Id).ToList())
            .ToList();
    }

    /// <summary>
    /// Applies the <paramref name="groups"/> of <paramref name="run"/>; for each delivery of the run its verdict, or null
    /// where the transaction path must decide (not in a group, or refused or raced). Throws, with nothing written, when
    /// the batch failed.
    /// </summary>
    public static async Task<DeliveryVerdict?[]> ApplyAsync(
        DbContext db, IReadOnlyList<AcceptedChange> run, IReadOnlyList<List<int>> groups, string here, DateTimeOffset now, CancellationToken ct)
    {
        var verdicts = new DeliveryVerdict?[run.Count];
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            foreach (var group in groups)
            {
                batch.BatchCommands.Add(Statement(db, group.Select(position => run[position]).ToList(), here, now));
            }
            // The text is fixed per table: prepared once per connection, then only bound and executed.
            await batch.PrepareAsync(ct);
            await using var reader = await batch.ExecuteReaderAsync(ct);
            var applied = ChangeOutcome.Applied.RecordedName();
            for (var index = 0; index < groups.Count; index++)
            {
                if (index > 0)
                {
                    await reader.NextResultAsync(ct);
                }
                while (await reader.ReadAsync(ct))
                {
                    var position = groups[index][(int)reader.GetInt64(0) - 1];
                    var change = run[position];
                    if (!reader.IsDBNull(1))
                    {
                        verdicts[position] = DeliveryVerdict.Ack(reader.GetString(1) == applied ? ChangeOutcome.Applied : ChangeOutcome.Stale);
                    }
                    else if (!reader.IsDBNull(2))
                    {
                        var held = (Type: reader.GetString(2), AggregateId: reader.GetGuid(3), Version: reader.GetInt64(4));
                        verdicts[position] = held == (change.Type, change.Change.Id, change.Change.Version)
                            ? DeliveryVerdict.Ack(ChangeOutcome.Duplicate)
                            : DeliveryVerdict.DeadLetter(InboxRun.Conflict(change, held).Message);
                    }
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return verdicts;
    }

    static NpgsqlBatchCommand Statement(DbContext db, List<AcceptedChange> changes, string here, DateTimeOffset now)
    {
        var subscription = (IReplicaCopy)changes[0].Subscription;
        var table = ReplicaTable.Of(db, subscription.ReplicaType);
        var command = new NpgsqlBatchCommand(table.ApplyRun);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", changes.Select(change => change.MessageId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("sources", changes.Select(change => change.Provenance.Owner).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("clusters", changes.Select(change => change.Provenance.Cluster).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("types", changes.Select(change => change.Type).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("committed", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = changes.Select(change => change.Delivery.CommittedAt).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter("traces", NpgsqlDbType.Array | NpgsqlDbType.Varchar)
        {
            Value = changes.Select(change => change.Delivery.TraceId).ToArray(),
        });
        command.Parameters.AddRange(table.RunParameters(changes.Select(change => (object)subscription.RowOf(change.Change)).ToList()).ToArray());
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<string>("here", here));
        var eventType = changes[0].Type;
        command.Parameters.Add(new NpgsqlParameter<string>("owner", ServiceCatalogue.OwnerOf(eventType) ?? eventType));
        return command;
    }
}
