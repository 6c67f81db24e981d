namespace FoodDelivery.Orders.Domain;

/// <summary>A menu item as orders knows it when pricing (its replica's values): the price an order line snapshots.</summary>
public sealed record PricedItem(Guid Id, Guid RestaurantId, string Name, long PriceMinor, string Currency, bool Available);
