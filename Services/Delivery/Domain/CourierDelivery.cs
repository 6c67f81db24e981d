using FoodDelivery.Sync;

namespace FoodDelivery.Delivery.Domain;

/// <summary>
/// Bringing one order to its customer. Named CourierDelivery because a type called Delivery would be
/// shadowed by the FoodDelivery.Delivery namespace everywhere outside Domain.
/// </summary>
public sealed class CourierDelivery : IOwnedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public long Version { get; set; }
    public bool Deleted { get; set; }

    public required Guid OrderId { get; init; }
    public Guid? CourierId { get; private set; }
    public DeliveryStatus Status { get; private set; }

    /// <summary>Waiting for a courier, or already assigned when created with one.</summary>
    public static CourierDelivery Create(Guid orderId, Guid? courierId) => new()
    {
        OrderId = orderId,
        CourierId = courierId,
        Status = courierId is null ? DeliveryStatus.Waiting : DeliveryStatus.Assigned,
    };

    /// <summary>The one status each status may move to: Waiting, Assigned, PickedUp, Delivered.</summary>
    public static DeliveryStatus? NextAfter(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Waiting => DeliveryStatus.Assigned,
        DeliveryStatus.Assigned => DeliveryStatus.PickedUp,
        DeliveryStatus.PickedUp => DeliveryStatus.Delivered,
        _ => null,
    };

    /// <summary>Moves one step forward; assigning needs the courier who takes the delivery.</summary>
    public bool MoveTo(DeliveryStatus next, Guid? courierId)
    {
        if (NextAfter(Status) != next || (next == DeliveryStatus.Assigned && courierId is null))
        {
            return false;
        }
        if (next == DeliveryStatus.Assigned)
        {
            CourierId = courierId;
        }
        Status = next;
        return true;
    }
}
