namespace FoodDelivery.Sync;

/// <summary>
/// An entity a service is the source of truth for. The engine stamps its version on every save and
/// turns deletes into versioned tombstones, so every replica can tell newer from older.
/// </summary>
public interface IOwnedEntity
{
    Guid Id { get; }

    /// <summary>1 when created, +1 on every saved change; set by the engine, never by hand.</summary>
    long Version { get; set; }

    /// <summary>A deleted entity stays as a tombstone so the deletion itself has a version.</summary>
    bool Deleted { get; set; }
}
