namespace FoodDelivery.Sync.OwnedEntities;

/// <summary>
/// An entity a service is the source of truth for. The engine stamps its version on every save and
/// turns deletes into versioned tombstones, so every replica can tell newer from older.
/// </summary>
public interface IOwnedEntity
{
    Guid Id { get; }

    /// <summary>
    /// 1 when created, +1 on every saved change; set by the engine, never by hand, with one exception: before the first
    /// save a creator may set a version of another entity here, and the new one starts at the first write of that
    /// version's ownership epoch (what is created for an entity taken over outranks what its old home created).
    /// </summary>
    long Version { get; set; }

    /// <summary>A deleted entity stays as a tombstone so the deletion itself has a version.</summary>
    bool Deleted { get; set; }

    /// <summary>
    /// The cluster the entity was created in, stamped by the engine: its owner service there is its
    /// only writer; the same service in another cluster keeps a read-only copy. Moved only by a
    /// re-home (<c>POST /sync/owned/{eventType}/{id}/rehome</c>).
    /// </summary>
    string HomeCluster { get; set; }
}
