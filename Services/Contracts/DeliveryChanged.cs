namespace FoodDelivery.Contracts;

/// <summary>
/// A delivery as delivery stored it at <see cref="Version"/>. Status: a <see cref="DeliveryStatus"/>
/// by name (Cancelled: its order was cancelled before pickup).
/// </summary>
public sealed record DeliveryChanged(Guid Id, long Version, bool Deleted, Guid OrderId, Guid? CourierId, [property: OneOf(typeof(DeliveryStatus))] string Status, Guid RestaurantId) : IChangeEvent
{
    public void CheckInvariants(InvariantCheck check) => check
        .NotEmpty(OrderId)
        .NotEmpty(RestaurantId)
        .NotEmpty(CourierId)
        .OneOf<DeliveryStatus>(Status)
        // A courier takes a delivery when it is assigned and keeps it from then on.
        .That(CourierId is not null || Status is not (nameof(DeliveryStatus.Assigned) or nameof(DeliveryStatus.PickedUp) or nameof(DeliveryStatus.Delivered)),
            nameof(CourierId), $"is missing; a delivery that is {Status} has a courier");
}
