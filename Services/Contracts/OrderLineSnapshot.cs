namespace FoodDelivery.Contracts;

/// <summary>One line of an order, priced when the order was placed.</summary>
public sealed record OrderLineSnapshot(Guid MenuItemId, string Name, long UnitPriceMinor, int Quantity);
