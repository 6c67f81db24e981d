namespace FoodDelivery.Contracts;

/// <summary>
/// A courier as delivery stored it at <see cref="Version"/>; the id is the courier's account id.
/// Available: on duty and not carrying a delivery, so the next one can be assigned to them.
/// </summary>
public sealed record CourierChanged(Guid Id, long Version, bool Deleted, bool Available) : IChangeEvent;
