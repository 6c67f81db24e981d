using FoodDelivery.Sync.Replicas;

namespace FoodDelivery.Orders.Sync;

/// <summary>Orders' copy of a restaurant (owned by restaurants): open or not, and whose it is.</summary>
public sealed class RestaurantReplica : IReplica
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public Guid OwnerId { get; init; }
    public string Name { get; init; } = "";
    public bool IsOpen { get; init; }
}
