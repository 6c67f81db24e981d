using FoodDelivery.Contracts;
using FoodDelivery.Sync.Replicas;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Convergence;

/// <summary>Compares one replica table with the owner's snapshots of the same entity.</summary>
internal abstract class ReplicaComparison
{
    /// <summary>
    /// Reads the owner's snapshots (a JSON array of change events, tombstones included) and this
    /// service's replica rows, and sorts every id into equal, missing, stale, extra or diverged.
    /// </summary>
    public abstract Task<ReplicaDifferences> CompareAsync(DbContext db, Stream ownerSnapshots, CancellationToken ct);
}

/// <summary>
/// The comparison for <typeparamref name="TReplica"/>: each owner snapshot goes through the
/// subscription's own map, exactly as a delivery would, then is matched with the stored row by id.
/// </summary>
internal sealed class ReplicaComparison<TEvent, TReplica>(Func<TEvent, TReplica> map) : ReplicaComparison
    where TEvent : class, IChangeEvent
    where TReplica : class, IReplica
{
    public override async Task<ReplicaDifferences> CompareAsync(DbContext db, Stream ownerSnapshots, CancellationToken ct)
    {
        var fingerprint = ReplicaFingerprint.For(db.Model, typeof(TReplica));
        var expected = await ReplicaRows.FromOwnerAsync(ownerSnapshots, map, fingerprint, ct);

        var differences = new ReplicaDifferences { OwnerRows = expected.Count };
        await foreach (var (id, stored) in ReplicaRows.StoredAsync<TReplica>(db, fingerprint, ct))
        {
            differences.ReplicaRows++;
            if (!expected.Remove(id, out var owner))
            {
                differences.Add(RowDifference.Extra, id);
            }
            else if (ReplicaRowState.Compare(stored, owner.State) is { } difference)
            {
                differences.Add(difference, id);
            }
        }
        foreach (var id in expected.Keys)
        {
            differences.Add(RowDifference.Missing, id);
        }
        return differences;
    }
}
