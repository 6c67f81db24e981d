using FoodDelivery.Delivery.Domain;

namespace FoodDelivery.Delivery.Api;

public sealed record CourierView(Guid Id, long Version, bool OnDuty, bool Available, Guid? CurrentDeliveryId)
{
    public static CourierView From(Courier c) => new(c.Id, c.Version, c.OnDuty, c.Available, c.CurrentDeliveryId);
}
