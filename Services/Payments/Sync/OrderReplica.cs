using FoodDelivery.Contracts;
using FoodDelivery.Sync.Replicas;

namespace FoodDelivery.Payments.Sync;

/// <summary>Payments' copy of an order (owned by orders): what to charge, whom it belongs to, whether it was cancelled.</summary>
public sealed class OrderReplica : IReplica
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public Guid CustomerId { get; init; }
    public Guid RestaurantId { get; init; }
    public OrderStatus Status { get; init; }
    public string Currency { get; init; } = "";
    public long TotalMinor { get; init; }
}
