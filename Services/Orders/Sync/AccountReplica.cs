using FoodDelivery.ServiceDefaults;
using FoodDelivery.Sync.Replicas;

namespace FoodDelivery.Orders.Sync;

/// <summary>Orders' copy of an account (owned by accounts): who may place orders as a customer.</summary>
public sealed class AccountReplica : IReplica, IAccountRow
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public string Role { get; init; } = "";
    public string Status { get; init; } = "";
}
