using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FoodDelivery.Sync.Replicas;

/// <summary>
/// The rebuild's writes of the owner's rows. A row that is older or missing takes the owner's
/// through the version guard alone (it only moves forward, so a newer concurrent apply wins). Any
/// other is replaced or removed ignoring the guard on purpose (a poisoned row's version is higher
/// than the owner's), but only while it holds the exact version the rebuild observed: one statement
/// conditional on <c>version = @observed</c>, so if the consumer applied a change to the row
/// meanwhile, the statement matches nothing and that change stands.
/// </summary>
internal static class ReplicaOverwrite
{
    /// <summary>Inserts the row, or replaces an older one; true when it did (false: the stored one is as new or newer).</summary>
    public static async Task<bool> BringForwardAsync<TReplica>(DbContext db, TReplica replica, CancellationToken ct)
        where TReplica : class, IReplica
    {
        var table = ReplicaTable.Of(db, typeof(TReplica));
        return await db.Database.ExecuteSqlRawAsync(table.UpsertNewer, table.Parameters(replica), ct) == 1;
    }

    /// <summary>Replaces the row with <paramref name="replica"/> if it still holds <paramref name="observedVersion"/>; true when it did.</summary>
    public static async Task<bool> ReplaceAsync<TReplica>(DbContext db, TReplica replica, long observedVersion, CancellationToken ct)
        where TReplica : class, IReplica
    {
        var table = ReplicaTable.Of(db, typeof(TReplica));
        var parameters = table.Parameters(replica);
        parameters.Add(new NpgsqlParameter("observed", observedVersion));
        return await db.Database.ExecuteSqlRawAsync(table.Replace, parameters, ct) == 1;
    }

    /// <summary>Deletes the row if it still holds <paramref name="observedVersion"/>; true when it did.</summary>
    public static async Task<bool> RemoveAsync<TReplica>(DbContext db, Guid id, long observedVersion, CancellationToken ct)
        where TReplica : class, IReplica
    {
        var table = ReplicaTable.Of(db, typeof(TReplica));
        return await db.Database.ExecuteSqlRawAsync(table.Remove,
            [new NpgsqlParameter("id", id), new NpgsqlParameter("observed", observedVersion)], ct) == 1;
    }
}
