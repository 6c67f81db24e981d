namespace FoodDelivery.Contracts;

/// <summary>
/// A courier as delivery stored it at <see cref="Version"/>; the id is the courier's account id.
/// Available: on duty and not carrying a delivery, so the next one can be assigned to them (since
/// AvailableSince, which orders the queue). The full state, so the other cluster's delivery can
/// keep an exact copy.
/// </summary>
public sealed record CourierChanged(
    Guid Id, long Version, bool Deleted, bool Available, bool OnDuty, Guid? CurrentDeliveryId, DateTimeOffset? AvailableSince) : IChangeEvent
{
    public void CheckInvariants(InvariantCheck check) => check
        .NotEmpty(CurrentDeliveryId)
        .That(Available == (AvailableSince is not null), nameof(AvailableSince),
            Available ? "is missing; an available courier is available since a time" : "is set; an unavailable courier has none")
        .That(!Available || (OnDuty && CurrentDeliveryId is null), nameof(Available),
            "is true; only a courier on duty and carrying no delivery is available");
}
