namespace FoodDelivery.Sync.Outbox;

/// <summary>What made the relay read pending outbox rows (a tag of its reads metric).</summary>
internal enum RelayReadReason
{
    /// <summary>A commit that wrote outbox rows, here or in another replica of the service.</summary>
    Commit,

    /// <summary>The poll interval passed without a wake-up.</summary>
    Poll,

    /// <summary>Rows may be waiting anyway: the relay just took the lead, or its last read filled a whole batch.</summary>
    Backlog,
}
