using FoodDelivery.Contracts;
using FoodDelivery.Delivery.Domain;
using FoodDelivery.Delivery.Sync;

namespace FoodDelivery.Delivery.Api;

/// <summary>A delivery; <see cref="Pickup"/> is null while the restaurant has not reached delivery's replica.</summary>
public sealed record DeliveryView(
    Guid Id, long Version, Guid OrderId, Guid RestaurantId, Guid? CourierId, DeliveryStatus Status, PickupView? Pickup)
{
    public static DeliveryView From(CourierDelivery d, RestaurantReplica? restaurant) =>
        new(d.Id, d.Version, d.OrderId, d.RestaurantId, d.CourierId, d.Status, PickupView.From(restaurant));
}
