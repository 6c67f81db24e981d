using FoodDelivery.Sync.Replicas;

namespace FoodDelivery.Menu.Sync;

/// <summary>Menu's copy of a restaurant (owned by restaurants): enough to accept or refuse menu items.</summary>
public sealed class RestaurantReplica : IReplica
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public Guid OwnerId { get; init; }
    public string Name { get; init; } = "";
    public bool IsOpen { get; init; }
}
