namespace FoodDelivery.Contracts;

/// <summary>
/// A courier as delivery stored it at <see cref="Version"/>; the id is the courier's account id.
/// Available: on duty and not carrying a delivery, so the next one can be assigned to them (since
/// AvailableSince, which orders the queue). The full state, so the other cluster's delivery can
/// keep an exact copy.
/// </summary>
public sealed record CourierChanged(
    Guid Id, long Version, bool Deleted, bool Available, bool OnDuty, Guid? CurrentDeliveryId, DateTimeOffset? AvailableSince) : IChangeEvent;
