namespace FoodDelivery.Sync.Consumer;

/// <summary>How far a failure to apply a delivery reaches, which decides what the consumer does with the delivery.</summary>
internal enum FailureScope
{
    /// <summary>Something about the message or its handler: a few attempts, then the dead-letter queue with the reason.</summary>
    Message,

    /// <summary>
    /// Contention on what this entity needs (a lock not granted in time, a deadlock, a statement timeout, a lost race):
    /// the delivery is parked and tried again later, while the others go on. Never dead-lettered.
    /// </summary>
    Entity,

    /// <summary>
    /// The database cannot take writes at all (unreachable, restarting, read-only after a failover, refusing the login):
    /// the applier pauses with back-off and the deliveries wait in the queue. Never dead-lettered.
    /// </summary>
    Database,
}
