namespace FoodDelivery.Contracts;

/// <summary>
/// A delivery as delivery stored it at <see cref="Version"/>. Status: Waiting, Assigned, PickedUp,
/// Delivered or Cancelled (its order was cancelled before pickup).
/// </summary>
public sealed record DeliveryChanged(Guid Id, long Version, bool Deleted, Guid OrderId, Guid? CourierId, string Status, Guid RestaurantId) : IChangeEvent;
