using FoodDelivery.Contracts;
using FoodDelivery.Sync.Replicas;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Convergence;

/// <summary>Makes one replica table equal to its owner's rows, whatever the versions it holds.</summary>
public abstract class ReplicaRebuild
{
    /// <summary>
    /// Reads <paramref name="owner"/>'s snapshots through <paramref name="owners"/> and overwrites,
    /// removes and adds rows of this replica in <paramref name="db"/> until it equals them, while the
    /// consumer keeps applying events.
    /// </summary>
    public abstract Task<RebuildChanges> RebuildAsync(DbContext db, OwnedSnapshotsClient owners, string owner, CancellationToken ct);
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
/// The rebuild repairs copies: it runs no reaction (those ran, or not, when the events were applied)
/// and records nothing in the inbox. With a peer cluster, a row this consumer got from the other
/// cluster before the local owner's home copy did looks poisoned for that moment; the third snapshot
/// or the next change restores it.
/// </summary>
public sealed class ReplicaRebuild<TEvent, TReplica>(Func<TEvent, TReplica> map) : ReplicaRebuild
    where TEvent : class, IChangeEvent
    where TReplica : class, IReplica
{
    static readonly string EventType = ChangeEventTypes.NameOf<TEvent>();

    public override async Task<RebuildChanges> RebuildAsync(DbContext db, OwnedSnapshotsClient owners, string owner, CancellationToken ct)
    {
        var fingerprint = ReplicaFingerprint.For(db.Model, typeof(TReplica));
        Task<Dictionary<Guid, (TReplica Row, ReplicaRowState State)>> ReadOwnerAsync() =>
            owners.ReadAsync(owner, EventType, snapshots => ReplicaRows.FromOwnerAsync(snapshots, map, fingerprint, ct), ct);

        var expected = await ReadOwnerAsync();
        // Read to the end before writing: one connection cannot write while it streams a query.
        var stored = new List<(Guid Id, ReplicaRowState State)>();
        await foreach (var row in ReplicaRows.StoredAsync<TReplica>(db, fingerprint, ct))
        {
            stored.Add(row);
        }

        var changes = new RebuildChanges { OwnerRows = expected.Count, ReplicaRows = stored.Count };
        var undecided = new List<(Guid Id, ReplicaRowState State)>();
        foreach (var (id, state) in stored)
        {
            if (!expected.Remove(id, out var theirs) || state.Version > theirs.State.Version)
            {
                undecided.Add((id, state));
            }
            else if (state != theirs.State)
            {
                await OverwriteAsync(db, id, state, theirs.Row, theirs.State, changes, ct);
            }
        }
        foreach (var (id, theirs) in expected)
        {
            changes.Add(await ReplicaOverwrite.BringForwardAsync(db, theirs.Row, ct) ? RowRepair.Added : RowRepair.Superseded, id);
        }
        if (undecided.Count == 0)
        {
            return changes;
        }

        var recheck = await ReadOwnerAsync();
        var lowered = new List<Guid>();
        foreach (var (id, state) in undecided)
        {
            if (!recheck.TryGetValue(id, out var theirs))
            {
                changes.Add(await ReplicaOverwrite.RemoveAsync<TReplica>(db, id, state.Version, ct) ? RowRepair.Removed : RowRepair.Superseded, id);
            }
            else if (state != theirs.State)
            {
                if (await OverwriteAsync(db, id, state, theirs.Row, theirs.State, changes, ct) && state.Version > theirs.State.Version)
                {
                    lowered.Add(id);
                }
            }
            // else: a change the owner made after the first snapshot, already applied here.
        }
        if (lowered.Count == 0)
        {
            return changes;
        }

        var latest = await ReadOwnerAsync();
        foreach (var id in lowered)
        {
            if (latest.TryGetValue(id, out var theirs))
            {
                await ReplicaOverwrite.BringForwardAsync(db, theirs.Row, ct);
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
        DbContext db, Guid id, ReplicaRowState stored, TReplica owners, ReplicaRowState ownersState, RebuildChanges changes, CancellationToken ct)
    {
        var written = stored.Version < ownersState.Version
            ? await ReplicaOverwrite.BringForwardAsync(db, owners, ct)
            : await ReplicaOverwrite.ReplaceAsync(db, owners, stored.Version, ct);
        changes.Add(written ? RowRepair.Overwritten : RowRepair.Superseded, id);
        return written;
    }
}
