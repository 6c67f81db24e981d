using FoodDelivery.Sync.Replicas;

namespace FoodDelivery.Sync.Convergence;

/// <summary>What a replica row is compared by: version, deleted flag and the <see cref="ReplicaFingerprint"/> of its other columns.</summary>
readonly record struct ReplicaRowState(long Version, bool Deleted, string Hash)
{
    public static ReplicaRowState Of(IReplica replica, ReplicaFingerprint fingerprint) => new(replica.Version, replica.Deleted, fingerprint.Of(replica));

    /// <summary>How a stored row differs from the owner's, or null when it equals it.</summary>
    public static RowDifference? Compare(ReplicaRowState stored, ReplicaRowState owner) =>
        stored.Version < owner.Version ? RowDifference.Stale
        // Same version with other content, or a version the owner does not have.
        : stored != owner ? RowDifference.Diverged
        : null;
}
