using FoodDelivery.Contracts;
using FoodDelivery.Sync.Replicas;

namespace FoodDelivery.Reviews.Sync;

/// <summary>Reviews' copy of an order (owned by orders): who ordered from whom, and whether it was delivered.</summary>
public sealed class OrderReplica : IReplica
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public Guid CustomerId { get; init; }
    public Guid RestaurantId { get; init; }
    public OrderStatus Status { get; init; }
}
