using FoodDelivery.Sync.Convergence;

namespace FoodDelivery.Sync.Repair;

/// <summary>
/// What a rebuild changed in one (owner -> consumer, event type) replica: rows overwritten, removed
/// and added, fixes superseded by a concurrent apply, rows left as the peer cluster sent them
/// (<see cref="RowRepair.FromPeer"/>), and some of the ids by kind.
/// <see cref="Error"/> is set when the replica could not be rebuilt (the owner could not be read).
/// </summary>
internal sealed record ReplicaRebuilt(
    string Owner,
    string Consumer,
    string EventType,
    long OwnerRows,
    long ReplicaRows,
    long Overwritten,
    long Removed,
    long Added,
    long Superseded,
    long FromPeer,
    IReadOnlyDictionary<string, IReadOnlyList<Guid>> Examples,
    string? Error)
{
    public long Changed => Overwritten + Removed + Added;

    public static ReplicaRebuilt From(string owner, string consumer, string eventType, RebuildChanges changes) => new(
        owner, consumer, eventType, changes.OwnerRows, changes.ReplicaRows,
        changes.Count(RowRepair.Overwritten), changes.Count(RowRepair.Removed), changes.Count(RowRepair.Added),
        changes.Count(RowRepair.Superseded), changes.Count(RowRepair.FromPeer), changes.ExamplesByKind(), Error: null);

    public static ReplicaRebuilt Failed(string owner, string consumer, string eventType, string error) =>
        new(owner, consumer, eventType, 0, 0, 0, 0, 0, 0, 0, new Dictionary<string, IReadOnlyList<Guid>>(), error);
}
