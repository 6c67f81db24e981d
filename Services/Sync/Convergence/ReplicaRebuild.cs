using FoodDelivery.Contracts;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Registration;
using FoodDelivery.Sync.Replicas;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Convergence;

/// <summary>Makes one replica table equal to its owner's rows, whatever the versions it holds.</summary>
internal abstract class ReplicaRebuild
{
    /// <summary>
    /// Reads <paramref name="owner"/>'s snapshots through <paramref name="owners"/> and overwrites,
    /// removes and adds rows of this replica in <paramref name="db"/> (of the scope <paramref name="services"/>) until it
    /// equals them, while the consumer keeps applying events; <paramref name="options"/> names this cluster and its peer.
    /// </summary>
    public abstract Task<RebuildChanges> RebuildAsync(
        DbContext db, IServiceProvider services, OwnedSnapshotsClient owners, string owner, SyncOptions options, CancellationToken ct);
}

/// <summary>
/// The rebuild of <typeparamref name="TReplica"/>, safe while events keep flowing:
/// <list type="number">
/// <item>Read the owner's snapshot, then the stored rows. A stored row older than the snapshot, or
/// missing, takes the snapshot's row through the version guard (it only ever moves forward, so a
/// newer concurrent apply wins; no epoch rule: the owner's own rows may be re-homes ahead). A row at the snapshot's version with other
/// content is replaced only while it still holds that version.</item>
/// <item>A row newer than the snapshot, or unknown to it, may be a change the owner made after the
/// snapshot was read, or one it never made (a forged event's 2^40). The owner's snapshot is read
/// again, after those rows were: the owner commits a version before any consumer can hold it, so a
/// legitimate row is in that second snapshot at its version or later; a version the owner does not
/// have is poisoned and replaced by the owner's row, and an id it does not have is removed. Each such
/// write is conditional on the version observed, so a change applied meanwhile stands.</item>
/// <item>While a row held a poisoned version, the guard dropped the owner's real changes to it, and
/// could have until the fix committed. A third snapshot, read after the fixes, brings those rows
/// forward through the version guard; later changes apply normally.</item>
/// </list>
/// <para>
/// Reactions: a row the rebuild writes may be one whose event is still on its way (queued, or held by a
/// consumer that was down); that event then applies as stale and its reaction would never run (an order
/// placed while payments was down, never charged). So for a replica with a reaction, each write and the
/// reaction to the row it wrote share one transaction, exactly as a delivery's upsert and reaction do: the
/// rebuild is then one more apply of the owner's latest state. Reactions decide from the replica's newest
/// state and are idempotent (a second run finds the payment, the delivery), so running one for a row whose
/// reaction already ran changes nothing. Running it, rather than refusing to move such rows, keeps the rebuild
/// able to repair a row whose event was lost for good. Only for rows whose entity is homed in this cluster
/// (the other cluster's service reacts there): with a peer cluster, that is a row whose last apply came from
/// this cluster; a row the rebuild adds has no known home there and gets no reaction (the effect check
/// reports the breach if its reaction never ran). Nothing is recorded in the inbox.
/// </para>
/// <para>
/// Peer cluster: a row whose last apply came from the peer cluster (the only one allowed to change an entity
/// homed there) can be newer than this cluster's owner's copy, which arrives through another queue and may lag.
/// It is neither removed nor lowered (<see cref="RowRepair.FromPeer"/>): its message id is in the inbox, so the
/// event would never come back. Comparing it with the owner's copy proves nothing either way (a forged peer event
/// reaches the owner's copy through the same link); a later rebuild, or the next change, settles it.
/// </para>
/// </summary>
internal sealed class ReplicaRebuild<TEvent, TReplica>(
    Func<TEvent, TReplica> map,
    Func<IServiceProvider, IChangeHandler<TEvent>>? reaction = null) : ReplicaRebuild
    where TEvent : class, IChangeEvent
    where TReplica : class, IReplica
{
    static readonly string EventType = ChangeEventTypes.NameOf<TEvent>();

    public override async Task<RebuildChanges> RebuildAsync(
        DbContext db, IServiceProvider services, OwnedSnapshotsClient owners, string owner, SyncOptions options, CancellationToken ct)
    {
        var fingerprint = ReplicaFingerprint.For(db.Model, typeof(TReplica));
        Task<Dictionary<Guid, (TReplica Row, ReplicaRowState State, TEvent Change)>> ReadOwnerAsync() =>
            owners.ReadAsync(owner, EventType, snapshots => ReplicaRows.EventsFromOwnerAsync(snapshots, map, fingerprint, ct), ct);
        var writes = new RowWrites(db, services, owner, options, reaction);

        var expected = await ReadOwnerAsync();
        var stored = await ReplicaRows.StoredWithOriginAsync<TReplica>(db, fingerprint, ct);

        var changes = new RebuildChanges { OwnerRows = expected.Count, ReplicaRows = stored.Count };
        var undecided = new List<(Guid Id, ReplicaRowState State, string Origin)>();
        foreach (var (id, state, origin) in stored)
        {
            if (!expected.Remove(id, out var theirs) || state.Version > theirs.State.Version)
            {
                undecided.Add((id, state, origin));
            }
            else if (state != theirs.State)
            {
                await OverwriteAsync(writes, id, state, origin, theirs, changes, ct);
            }
        }
        foreach (var (id, theirs) in expected)
        {
            // Added: no apply came here yet, so where the entity is homed is not known here.
            var added = await writes.WriteAsync(theirs.Change, local: !writes.HasPeer,
                () => ReplicaOverwrite.BringForwardAsync(db, theirs.Row, ct), ct);
            changes.Add(added ? RowRepair.Added : RowRepair.Superseded, id);
        }
        if (undecided.Count == 0)
        {
            return changes;
        }

        var recheck = await ReadOwnerAsync();
        var lowered = new List<(Guid Id, string Origin)>();
        foreach (var (id, state, origin) in undecided)
        {
            var found = recheck.TryGetValue(id, out var theirs);
            if (writes.IsFromPeer(origin) && (!found || state.Version > theirs.State.Version))
            {
                // The owner's copy of an entity homed in the peer cluster has not caught up with what the peer sent here.
                changes.Add(RowRepair.FromPeer, id);
            }
            else if (!found)
            {
                changes.Add(await ReplicaOverwrite.RemoveAsync<TReplica>(db, id, state.Version, ct) ? RowRepair.Removed : RowRepair.Superseded, id);
            }
            else if (state != theirs.State)
            {
                if (await OverwriteAsync(writes, id, state, origin, theirs, changes, ct) && state.Version > theirs.State.Version)
                {
                    lowered.Add((id, origin));
                }
            }
            // else: a change the owner made after the first snapshot, already applied here.
        }
        if (lowered.Count == 0)
        {
            return changes;
        }

        var latest = await ReadOwnerAsync();
        foreach (var (id, origin) in lowered)
        {
            if (latest.TryGetValue(id, out var theirs))
            {
                await writes.WriteAsync(theirs.Change, writes.IsLocal(origin), () => ReplicaOverwrite.BringForwardAsync(db, theirs.Row, ct), ct);
            }
        }
        return changes;
    }

    /// <summary>
    /// Makes a stored row that differs from the owner's equal to it: an older one through the
    /// guarded upsert, any other (same version, or one the owner does not have) only while it still
    /// holds the version observed. True when written.
    /// </summary>
    static async Task<bool> OverwriteAsync(
        RowWrites writes, Guid id, ReplicaRowState stored, string origin, (TReplica Row, ReplicaRowState State, TEvent Change) owners,
        RebuildChanges changes, CancellationToken ct)
    {
        var written = await writes.WriteAsync(owners.Change, writes.IsLocal(origin), () => stored.Version < owners.State.Version
            ? ReplicaOverwrite.BringForwardAsync(writes.Db, owners.Row, ct)
            : ReplicaOverwrite.ReplaceAsync(writes.Db, owners.Row, stored.Version, ct), ct);
        changes.Add(written ? RowRepair.Overwritten : RowRepair.Superseded, id);
        return written;
    }

    /// <summary>The rebuild's writes of one replica, each with the replica's reaction in its transaction when it has one.</summary>
    sealed class RowWrites(
        DbContext db, IServiceProvider services, string owner, SyncOptions options, Func<IServiceProvider, IChangeHandler<TEvent>>? reaction)
    {
        public DbContext Db => db;

        public bool HasPeer => !string.IsNullOrEmpty(options.PeerCluster);

        /// <summary>Whether the row's last apply came from the peer cluster.</summary>
        public bool IsFromPeer(string origin) => HasPeer && origin.Length > 0 && origin != options.Cluster;

        /// <summary>Whether the row's entity is homed in this cluster, as far as this replica knows.</summary>
        public bool IsLocal(string origin) => !HasPeer || origin == options.Cluster;

        /// <summary>
        /// Runs <paramref name="write"/>; for a replica with a reaction, in a transaction that also runs the reaction to
        /// <paramref name="change"/> when the row was written and its entity is homed here (<paramref name="local"/>).
        /// </summary>
        public async Task<bool> WriteAsync(TEvent change, bool local, Func<Task<bool>> write, CancellationToken ct)
        {
            if (reaction is null)
            {
                return await write();
            }
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                var written = await write();
                if (written && local)
                {
                    var context = new ChangeContext(db, services, $"rebuild:{change.Id}:{change.Version}", owner, options.Cluster, CommittedAt: null);
                    await reaction(services).HandleAsync(change, context, token);
                }
                await transaction.CommitAsync(token);
                return written;
            }, ct);
        }
    }
}
