using FoodDelivery.Contracts;
using FoodDelivery.Orders.Domain;

namespace FoodDelivery.Orders.Api;

public sealed record OrderView(
    Guid Id, long Version, Guid CustomerId, Guid RestaurantId, OrderStatus Status, string Currency, long TotalMinor,
    DateTimeOffset PlacedAt, List<OrderLineView> Lines)
{
    public static OrderView From(Order o) => new(
        o.Id, o.Version, o.CustomerId, o.RestaurantId, o.Status, o.Currency, o.TotalMinor, o.PlacedAt,
        o.Lines.Select(OrderLineView.From).ToList());
}
