namespace FoodDelivery.Sync.Replicas;

/// <summary>
/// A row copied from another service's owned entity. The engine upserts it only with a higher
/// version than it holds, so duplicates, redeliveries and late arrivals all converge.
/// </summary>
public interface IReplica
{
    Guid Id { get; }

    long Version { get; }

    /// <summary>A tombstone: the owner deleted the entity at <see cref="Version"/>.</summary>
    bool Deleted { get; }
}
