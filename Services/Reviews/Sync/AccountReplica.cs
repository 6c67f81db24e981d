using FoodDelivery.ServiceDefaults;
using FoodDelivery.Sync.Replicas;

namespace FoodDelivery.Reviews.Sync;

/// <summary>Reviews' copy of an account (owned by accounts): who may write reviews: a customer reviews knows as active.</summary>
public sealed class AccountReplica : IReplica, IAccountRow
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public string Role { get; init; } = "";
    public string Status { get; init; } = "";
}
