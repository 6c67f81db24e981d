using FoodDelivery.Delivery.Domain;

namespace FoodDelivery.Delivery.Api;

public sealed record DeliveryView(Guid Id, long Version, Guid OrderId, Guid? CourierId, DeliveryStatus Status)
{
    public static DeliveryView From(CourierDelivery d) => new(d.Id, d.Version, d.OrderId, d.CourierId, d.Status);
}
