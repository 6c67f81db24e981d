using FoodDelivery.Contracts;
using FoodDelivery.Sync.Replicas;

namespace FoodDelivery.Delivery.Sync;

/// <summary>Delivery's copy of an order (owned by orders): paid ones need a delivery, cancelled ones do not.</summary>
public sealed class OrderReplica : IReplica
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public Guid CustomerId { get; init; }
    public Guid RestaurantId { get; init; }
    public OrderStatus Status { get; init; }
}
