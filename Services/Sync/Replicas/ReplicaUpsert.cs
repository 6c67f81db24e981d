using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Replicas;

/// <summary>
/// Writes a replica row only if it is newer than what is stored:
/// <c>INSERT ... ON CONFLICT (id) DO UPDATE ... WHERE replica.version &lt; excluded.version</c>.
/// One statement, so concurrent, duplicate and out-of-order deliveries all converge on the highest
/// version (the statement comes from <see cref="ReplicaTable"/>).
/// </summary>
public static class ReplicaUpsert
{
    /// <summary>True when the row was inserted or replaced, false when it was stale.</summary>
    public static async Task<bool> ApplyAsync<TReplica>(DbContext db, TReplica replica, CancellationToken ct) where TReplica : class, IReplica
    {
        var table = ReplicaTable.Of(db, typeof(TReplica));
        return await db.Database.ExecuteSqlRawAsync(table.Upsert, table.Parameters(replica), ct) == 1;
    }
}
