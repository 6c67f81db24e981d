using FoodDelivery.Contracts;
using FoodDelivery.Sync.OwnedEntities;

namespace FoodDelivery.Delivery.Domain;

/// <summary>
/// Bringing one paid order from its restaurant to its customer. Named CourierDelivery because a type
/// called Delivery would be shadowed by the FoodDelivery.Delivery namespace everywhere outside Domain.
/// </summary>
public sealed class CourierDelivery : IOwnedEntity
{
    /// <summary>Delivery's namespace for the one delivery of an order (<see cref="DerivedId"/>; fixed for good).</summary>
    public static readonly Guid OrderNamespace = Guid.Parse("3b9e6d0c-81f4-4c2a-a5d7-0e6f2b8c1a47");

    /// <summary>
    /// The order's one delivery: its id derived from the order as every cluster derives it, and started in the ownership
    /// epoch of the order version it delivers (<paramref name="orderVersion"/>), so the deliveries two clusters opened for
    /// one order during a partition are one, and the order's new home's outranks its old home's.
    /// </summary>
    public static CourierDelivery For(Guid orderId, long orderVersion, Guid restaurantId) =>
        new() { Id = DerivedId.Of(OrderNamespace, orderId), Version = orderVersion, OrderId = orderId, RestaurantId = restaurantId };

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public long Version { get; set; }
    public bool Deleted { get; set; }

    public string HomeCluster { get; set; } = "";

    public required Guid OrderId { get; init; }

    /// <summary>Where to pick the food up: resolved through delivery's restaurant replica when shown.</summary>
    public required Guid RestaurantId { get; init; }

    public Guid? CourierId { get; private set; }

    public DeliveryStatus Status { get; private set; } = DeliveryStatus.Waiting;

    /// <summary>A Waiting delivery goes to a courier; the courier's side is <see cref="Courier.Take"/>.</summary>
    public bool AssignTo(Guid courierId)
    {
        if (Status != DeliveryStatus.Waiting)
        {
            return false;
        }
        CourierId = courierId;
        Status = DeliveryStatus.Assigned;
        return true;
    }

    public bool PickUp() => MoveIf(Status == DeliveryStatus.Assigned, DeliveryStatus.PickedUp);

    public bool Deliver() => MoveIf(Status == DeliveryStatus.PickedUp, DeliveryStatus.Delivered);

    /// <summary>Only before pickup: once the courier has the food, the delivery goes on.</summary>
    public bool Cancel() => MoveIf(Status is DeliveryStatus.Waiting or DeliveryStatus.Assigned, DeliveryStatus.Cancelled);

    bool MoveIf(bool allowed, DeliveryStatus next)
    {
        if (allowed)
        {
            Status = next;
        }
        return allowed;
    }
}
