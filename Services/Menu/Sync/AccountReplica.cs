using FoodDelivery.ServiceDefaults;
using FoodDelivery.Sync.Replicas;

namespace FoodDelivery.Menu.Sync;

/// <summary>Menu's copy of an account (owned by accounts): who may change a menu: an owner menu knows as active.</summary>
public sealed class AccountReplica : IReplica, IAccountRow
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public string Role { get; init; } = "";
    public string Status { get; init; } = "";
}
