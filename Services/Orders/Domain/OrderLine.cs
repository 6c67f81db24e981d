namespace FoodDelivery.Orders.Domain;

/// <summary>One menu item as it was priced when the order was placed; later menu changes do not touch it.</summary>
public sealed class OrderLine
{
    public required Guid MenuItemId { get; init; }
    public required string Name { get; init; }
    public required long UnitPriceMinor { get; init; }
    public required int Quantity { get; init; }

    public long TotalMinor => UnitPriceMinor * Quantity;
}
