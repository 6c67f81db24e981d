namespace FoodDelivery.Sync.Convergence;

/// <summary>What a rebuild did to one replica row.</summary>
internal enum RowRepair
{
    /// <summary>The row differed from the owner's (older, other content, or a version the owner does not have) and now equals it.</summary>
    Overwritten,

    /// <summary>The owner does not have the row: it was deleted.</summary>
    Removed,

    /// <summary>The owner has the row (or its tombstone) and the replica did not: it was inserted.</summary>
    Added,

    /// <summary>A fix was not written because the consumer changed the row first: that change stands.</summary>
    Superseded,

    /// <summary>
    /// The row came from the peer cluster, where its entity is homed, and is newer than this cluster's owner's copy of it
    /// (the home copy lags behind the replica): left as it is, since the owner's copy will reach the same version.
    /// </summary>
    FromPeer,
}
