using FoodDelivery.Orders.Domain;

namespace FoodDelivery.Orders.Api;

public sealed record OrderLineView(Guid MenuItemId, string Name, long UnitPriceMinor, int Quantity, long TotalMinor)
{
    public static OrderLineView From(OrderLine l) => new(l.MenuItemId, l.Name, l.UnitPriceMinor, l.Quantity, l.TotalMinor);
}
