namespace FoodDelivery.Contracts;

/// <summary>A courier's availability as delivery stored it at <see cref="Version"/>; the id is the courier's account id.</summary>
public sealed record CourierChanged(Guid Id, long Version, bool Deleted, bool Available) : IChangeEvent;
