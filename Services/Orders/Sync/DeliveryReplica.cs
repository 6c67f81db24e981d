using FoodDelivery.Contracts;
using FoodDelivery.Sync.Replicas;

namespace FoodDelivery.Orders.Sync;

/// <summary>Orders' copy of a delivery (owned by delivery): what moves an order out for delivery and to Delivered.</summary>
public sealed class DeliveryReplica : IReplica
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public Guid OrderId { get; init; }
    public Guid? CourierId { get; init; }
    public DeliveryStatus Status { get; init; }

    /// <summary>Once the courier has the food the order can no longer be called back.</summary>
    public bool HasLeftTheRestaurant => Status is DeliveryStatus.PickedUp or DeliveryStatus.Delivered;
}
