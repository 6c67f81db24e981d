using FoodDelivery.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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
/// counted as stale. The statements come from <see cref="ReplicaTable"/>.
/// </summary>
public static class ReplicaUpsert
{
    /// <summary>True when the row was inserted or replaced, false when it was stale.</summary>
    /// <exception cref="ChangeRejectedException">The version is more than one ownership epoch past the stored one.</exception>
    public static async Task<bool> ApplyAsync<TReplica>(DbContext db, TReplica replica, string eventType, CancellationToken ct) where TReplica : class, IReplica
    {
        var table = ReplicaTable.Of(db, typeof(TReplica));
        if (await db.Database.ExecuteSqlRawAsync(table.Upsert, table.Parameters(replica), ct) == 1)
        {
            return true;
        }
        await RefuseEpochBreachAsync(db, table, replica, eventType, ct);
        return false;
    }

    /// <summary>
    /// The same for a run of rows in the current transaction, in order, sent to the server as one batch (one
    /// round trip instead of one per row); for each row, whether it was written.
    /// </summary>
    /// <exception cref="ChangeRejectedException">A version is more than one ownership epoch past the stored one.</exception>
    public static async Task<bool[]> ApplyAllAsync<TReplica>(DbContext db, IReadOnlyList<TReplica> replicas, string eventType, CancellationToken ct)
        where TReplica : class, IReplica
    {
        var table = ReplicaTable.Of(db, typeof(TReplica));
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var batch = new NpgsqlBatch(connection, db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction);
        foreach (var replica in replicas)
        {
            var command = new NpgsqlBatchCommand(table.Upsert);
            command.Parameters.AddRange(table.Parameters(replica).ToArray());
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(ct);
        var written = new bool[replicas.Count];
        for (var index = 0; index < replicas.Count; index++)
        {
            written[index] = batch.BatchCommands[index].RecordsAffected == 1;
            if (!written[index])
            {
                await RefuseEpochBreachAsync(db, table, replicas[index], eventType, ct);
            }
        }
        return written;
    }

    static async Task RefuseEpochBreachAsync(DbContext db, ReplicaTable table, IReplica replica, string eventType, CancellationToken ct)
    {
        var held = await db.Database.SqlQueryRaw<long>(table.StoredVersion, table.IdParameter(replica)).ToListAsync(ct);
        if (held is [var stored] && ChangeVersion.BeyondNextEpoch(eventType, replica.Version, stored) is { } breach)
        {
            throw new ChangeRejectedException(breach);
        }
    }
}
