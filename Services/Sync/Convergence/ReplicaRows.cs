using System.Text.Json;
using FoodDelivery.Contracts;
using FoodDelivery.Sync.OwnedEntities;
using FoodDelivery.Sync.Registration;
using FoodDelivery.Sync.Replicas;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Convergence;

/// <summary>The two sides the convergence check and the rebuild both read: the owner's snapshots mapped to replica rows, and the stored rows.</summary>
static class ReplicaRows
{
    /// <summary>
    /// The owner's snapshots (a JSON array of change events, tombstones included), each through the
    /// subscription's own map exactly as a delivery would, by id: the rows the replica should hold.
    /// </summary>
    public static async Task<Dictionary<Guid, (TReplica Row, ReplicaRowState State)>> FromOwnerAsync<TEvent, TReplica>(
        Stream ownerSnapshots, Func<TEvent, TReplica> map, ReplicaFingerprint fingerprint, CancellationToken ct)
        where TEvent : class, IChangeEvent
        where TReplica : class, IReplica
    {
        var expected = new Dictionary<Guid, (TReplica, ReplicaRowState)>();
        await foreach (var change in JsonSerializer.DeserializeAsyncEnumerable(ownerSnapshots, ChangeEventTypes.JsonTypeInfo<TEvent>(), ct))
        {
            if (change is not null)
            {
                var replica = map(change);
                expected[replica.Id] = (replica, ReplicaRowState.Of(replica, fingerprint));
            }
        }
        return expected;
    }

    /// <summary>
    /// The owner's snapshots like <see cref="FromOwnerAsync"/>, each with the event it came from: the rebuild hands that
    /// event to the replica's reaction when it writes the row.
    /// </summary>
    public static async Task<Dictionary<Guid, (TReplica Row, ReplicaRowState State, TEvent Change)>> EventsFromOwnerAsync<TEvent, TReplica>(
        Stream ownerSnapshots, Func<TEvent, TReplica> map, ReplicaFingerprint fingerprint, CancellationToken ct)
        where TEvent : class, IChangeEvent
        where TReplica : class, IReplica
    {
        var expected = new Dictionary<Guid, (TReplica, ReplicaRowState, TEvent)>();
        await foreach (var change in JsonSerializer.DeserializeAsyncEnumerable(ownerSnapshots, ChangeEventTypes.JsonTypeInfo<TEvent>(), ct))
        {
            if (change is not null)
            {
                var replica = map(change);
                expected[replica.Id] = (replica, ReplicaRowState.Of(replica, fingerprint), change);
            }
        }
        return expected;
    }

    /// <summary>
    /// Every stored row with the cluster its last apply came from (<see cref="OwnedEntityConvention.ReplicaOrigin"/>; empty
    /// when a rebuild wrote it): the rebuild needs it to tell a row the peer cluster sent from one the owner never had.
    /// </summary>
    public static async Task<List<(Guid Id, ReplicaRowState State, string Origin)>> StoredWithOriginAsync<TReplica>(
        DbContext db, ReplicaFingerprint fingerprint, CancellationToken ct)
        where TReplica : class, IReplica
    {
        var rows = await db.Set<TReplica>().IgnoreQueryFilters().AsNoTracking()
            .Select(replica => new { Replica = replica, Origin = EF.Property<string>(replica, OwnedEntityConvention.ReplicaOrigin) })
            .ToListAsync(ct);
        return rows.Select(row => (row.Replica.Id, ReplicaRowState.Of(row.Replica, fingerprint), row.Origin ?? "")).ToList();
    }

    /// <summary>Every stored row of <typeparamref name="TReplica"/>, tombstones included, as its id and state.</summary>
    public static async IAsyncEnumerable<(Guid Id, ReplicaRowState State)> StoredAsync<TReplica>(
        DbContext db, ReplicaFingerprint fingerprint, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        where TReplica : class, IReplica
    {
        await foreach (var replica in db.Set<TReplica>().IgnoreQueryFilters().AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return (replica.Id, ReplicaRowState.Of(replica, fingerprint));
        }
    }
}
