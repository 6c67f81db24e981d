using System.Text.Json;
using FoodDelivery.Contracts;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Convergence;

/// <summary>Compares one replica table with the owner's snapshots of the same entity.</summary>
public abstract class ReplicaComparison
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
public sealed class ReplicaComparison<TEvent, TReplica>(Func<TEvent, TReplica> map) : ReplicaComparison
    where TEvent : class, IChangeEvent
    where TReplica : class, IReplica
{
    public override async Task<ReplicaDifferences> CompareAsync(DbContext db, Stream ownerSnapshots, CancellationToken ct)
    {
        var fingerprint = ReplicaFingerprint.For(db.Model, typeof(TReplica));
        var expected = new Dictionary<Guid, RowState>();
        await foreach (var change in JsonSerializer.DeserializeAsyncEnumerable(ownerSnapshots, ChangeEventTypes.JsonTypeInfo<TEvent>(), ct))
        {
            if (change is not null)
            {
                var replica = map(change);
                expected[replica.Id] = new RowState(replica.Version, replica.Deleted, fingerprint.Of(replica));
            }
        }

        var differences = new ReplicaDifferences { OwnerRows = expected.Count };
        var stored = db.Set<TReplica>().IgnoreQueryFilters().AsNoTracking().AsAsyncEnumerable();
        await foreach (var replica in stored.WithCancellation(ct))
        {
            differences.ReplicaRows++;
            if (!expected.Remove(replica.Id, out var owner))
            {
                differences.Add(RowDifference.Extra, replica.Id);
            }
            else if (replica.Version < owner.Version)
            {
                differences.Add(RowDifference.Stale, replica.Id);
            }
            else if (replica.Version > owner.Version || replica.Deleted != owner.Deleted || fingerprint.Of(replica) != owner.Hash)
            {
                // Same version with other content, or a version the owner never had.
                differences.Add(RowDifference.Diverged, replica.Id);
            }
        }
        foreach (var id in expected.Keys)
        {
            differences.Add(RowDifference.Missing, id);
        }
        return differences;
    }

    readonly record struct RowState(long Version, bool Deleted, string Hash);
}
