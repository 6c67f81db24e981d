using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FoodDelivery.Sync.Replicas;

/// <summary>
/// The rebuild's writes, which ignore the version guard on purpose (a poisoned row's version is
/// higher than the owner's) but only replace or remove the exact row version the rebuild observed:
/// each is one statement conditional on <c>version = @observed</c>, so if the consumer applied a
/// change to the row meanwhile, the statement matches nothing and that change stands.
/// </summary>
public static class ReplicaOverwrite
{
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
