using FoodDelivery.Contracts;
using Microsoft.EntityFrameworkCore;

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
        var held = await db.Database.SqlQueryRaw<long>(table.StoredVersion, table.IdParameter(replica)).ToListAsync(ct);
        if (held is [var stored] && ChangeVersion.BeyondNextEpoch(eventType, replica.Version, stored) is { } breach)
        {
            throw new ChangeRejectedException(breach);
        }
        return false;
    }
}
