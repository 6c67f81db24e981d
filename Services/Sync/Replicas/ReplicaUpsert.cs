using FoodDelivery.Contracts;
using FoodDelivery.Sync.Clusters;
using FoodDelivery.Sync.Consumer;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace FoodDelivery.Sync.Replicas;

/// <summary>
/// Writes a replica row only if it is newer than what is stored, at most one ownership epoch
/// past it (<see cref="ChangeVersion"/>), and, from the peer cluster, only as
/// <see cref="PeerChangeRule"/> allows (the row keeps the cluster it came from, so the rule holds in the
/// write itself):
/// <c>INSERT ... ON CONFLICT (id) DO UPDATE ... WHERE replica.version &lt; excluded.version AND
/// (excluded.version &gt;&gt; 32) &lt;= (replica.version &gt;&gt; 32) + 1 AND (the peer rule)</c>.
/// One statement, so concurrent, duplicate and out-of-order deliveries all converge on the highest
/// version. When nothing was written, the stored row (locked by the upsert until commit) says
/// whether the event was stale or broke a rule; a breach is refused with its reason, never
/// counted as stale. The statements come from <see cref="ReplicaTable"/>.
/// </summary>
internal static class ReplicaUpsert
{
    /// <summary>True when the row was inserted or replaced, false when it was stale.</summary>
    /// <exception cref="ChangeRejectedException">The version is more than one ownership epoch past the stored one, or the peer may not change the row.</exception>
    public static async Task<bool> ApplyAsync<TReplica>(TReplica replica, string eventType, ChangeContext context, CancellationToken ct)
        where TReplica : class, IReplica
    {
        var table = ReplicaTable.Of(context.Db, typeof(TReplica));
        if (await context.Db.Database.ExecuteSqlRawAsync(table.Upsert, UpsertParameters(table, replica, eventType, context), ct) == 1)
        {
            return true;
        }
        await RefuseBreachAsync(table, replica, eventType, context, ct);
        return false;
    }

    /// <summary>
    /// The same for a run of rows in the current transaction, in order, sent to the server as one batch (one
    /// round trip instead of one per row); for each row, whether it was written.
    /// </summary>
    /// <exception cref="ChangeRejectedException">A version is more than one ownership epoch past the stored one, or the peer may not change a row.</exception>
    public static async Task<bool[]> ApplyAllAsync<TReplica>(
        IReadOnlyList<(TReplica Replica, ChangeContext Context)> replicas, string eventType, CancellationToken ct)
        where TReplica : class, IReplica
    {
        var db = replicas[0].Context.Db;
        var table = ReplicaTable.Of(db, typeof(TReplica));
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var batch = new NpgsqlBatch(connection, db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction);
        foreach (var (replica, context) in replicas)
        {
            var command = new NpgsqlBatchCommand(table.Upsert);
            command.Parameters.AddRange(UpsertParameters(table, replica, eventType, context).ToArray());
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(ct);
        var written = new bool[replicas.Count];
        for (var index = 0; index < replicas.Count; index++)
        {
            written[index] = batch.BatchCommands[index].RecordsAffected == 1;
            if (!written[index])
            {
                await RefuseBreachAsync(table, replicas[index].Replica, eventType, replicas[index].Context, ct);
            }
        }
        return written;
    }

    static List<object> UpsertParameters(ReplicaTable table, IReplica replica, string eventType, ChangeContext context) =>
        table.UpsertParameters(replica, context.OriginCluster, context.FromThisCluster, ServiceCatalogue.OwnerOf(eventType) ?? eventType);

    static async Task RefuseBreachAsync(ReplicaTable table, IReplica replica, string eventType, ChangeContext context, CancellationToken ct)
    {
        var db = context.Db;
        var held = await db.Database.SqlQueryRaw<long>(table.StoredVersion, table.IdParameter(replica)).ToListAsync(ct);
        if (held is not [var stored])
        {
            return;
        }
        var origin = (await db.Database.SqlQueryRaw<string>(table.StoredOrigin, table.IdParameter(replica)).ToListAsync(ct)).Single();
        var owner = ServiceCatalogue.OwnerOf(eventType) ?? eventType;
        var fenced = await db.Set<TakeOverFence>().AnyAsync(fence => fence.Owner == owner, ct);
        if (PeerChangeRule.Refusal(eventType, replica.Id, replica.Version, context.OriginCluster, context.FromThisCluster, stored, origin, fenced) is { } refusal)
        {
            throw new ChangeRejectedException(refusal);
        }
    }
}
