using FoodDelivery.Contracts;
using FoodDelivery.Delivery.Domain;

namespace FoodDelivery.Delivery.Sync;

/// <summary>What delivery publishes: couriers' availability and deliveries, each full state at a version.</summary>
public static class DeliveryEvents
{
    public static CourierChanged Changed(Courier courier) => new(
        courier.Id, courier.Version, courier.Deleted, courier.Available, courier.OnDuty, courier.CurrentDeliveryId, courier.AvailableSince);

    public static DeliveryChanged Changed(CourierDelivery delivery) => new(
        delivery.Id, delivery.Version, delivery.Deleted, delivery.OrderId, delivery.CourierId, delivery.Status.ToString(), delivery.RestaurantId);
}
