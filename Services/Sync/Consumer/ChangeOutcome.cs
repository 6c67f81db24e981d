namespace FoodDelivery.Sync.Consumer;

/// <summary>What happened to one delivered change event.</summary>
public enum ChangeOutcome
{
    /// <summary>Its effect was committed.</summary>
    Applied,

    /// <summary>The same message id was processed before; skipped.</summary>
    Duplicate,

    /// <summary>The replica already held this or a newer version; nothing changed.</summary>
    Stale,

    /// <summary>No handler for its type in this service; acknowledged and counted.</summary>
    Unknown,

    /// <summary>This service published it itself; acknowledged. Only a binding mistake brings it back.</summary>
    Own,

    /// <summary>Malformed or refused: moved to the dead-letter queue with the reason.</summary>
    DeadLettered,

    /// <summary>From a publisher that may not write it (see the consumer's provenance check): dead-lettered, never applied.</summary>
    Unauthorised,
}
