using FoodDelivery.ServiceDefaults;
using FoodDelivery.Sync.Replicas;

namespace FoodDelivery.Restaurants.Sync;

/// <summary>
/// Restaurants' copy of an account (owned by accounts): enough to check that a restaurant's owner
/// exists, is active and really is a restaurant owner. No email: restaurants has no use for it.
/// </summary>
public sealed class OwnerAccountReplica : IReplica, IAccountRow
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public string DisplayName { get; init; } = "";
    public string Role { get; init; } = "";
    public string Status { get; init; } = "";
}
