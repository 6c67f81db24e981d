using FoodDelivery.Sync.Replicas;

namespace FoodDelivery.Delivery.Sync;

/// <summary>Delivery's copy of a restaurant (owned by restaurants): where the courier picks the food up.</summary>
public sealed class RestaurantReplica : IReplica
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public string Name { get; init; } = "";
    public string Address { get; init; } = "";
}
