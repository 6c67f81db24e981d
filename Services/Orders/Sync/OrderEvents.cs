using FoodDelivery.Contracts;
using FoodDelivery.Orders.Domain;

namespace FoodDelivery.Orders.Sync;

/// <summary>What orders publishes about an order: its full state and price snapshot at a version.</summary>
public static class OrderEvents
{
    public static OrderChanged Changed(Order order) => new(
        order.Id, order.Version, order.Deleted, order.CustomerId, order.RestaurantId, order.Status.ToString(),
        order.Currency, order.TotalMinor, order.PlacedAt,
        [.. order.Lines.Select(line => new OrderLineSnapshot(line.MenuItemId, line.Name, line.UnitPriceMinor, line.Quantity))]);
}
