namespace FoodDelivery.Sync.Convergence;

internal enum RowDifference
{
    /// <summary>The owner has the row (or its tombstone); the replica does not.</summary>
    Missing,

    /// <summary>The replica holds an older version than the owner.</summary>
    Stale,

    /// <summary>The replica holds a row the owner does not have.</summary>
    Extra,

    /// <summary>Same id, but another content at the same version, another deleted flag, or a version the owner never had.</summary>
    Diverged,

    /// <summary>
    /// With the peer cluster: the same version and content, but the two clusters name another home for it (each may
    /// believe it is the only writer, as after a take-over in both directions). Counted with the diverged rows.
    /// </summary>
    Home,
}

/// <summary>What one replica table lacks or has wrong, with some of the ids for an operator to look at.</summary>
internal sealed class ReplicaDifferences : RowTally<RowDifference>;
