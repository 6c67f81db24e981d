using FoodDelivery.ServiceDefaults;
using FoodDelivery.Sync.Replicas;

namespace FoodDelivery.Delivery.Sync;

/// <summary>Delivery's copy of an account (owned by accounts): who may work as a courier.</summary>
public sealed class AccountReplica : IReplica, IAccountRow
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public string Role { get; init; } = "";
    public string Status { get; init; } = "";
}
