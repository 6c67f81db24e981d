namespace FoodDelivery.Orders.Domain;

/// <summary>
/// Prices requested lines from the menu items orders knows: one order is from one restaurant, of
/// items available now, paid in one currency; each line snapshots the item's name and price.
/// </summary>
public static class OrderPricing
{
    public static OrderQuote Quote(Guid restaurantId, IReadOnlyList<(Guid MenuItemId, int Quantity)> lines, IReadOnlyDictionary<Guid, PricedItem> items)
    {
        var unknown = new Dictionary<string, string[]>();
        var unavailable = new Dictionary<string, string[]>();
        for (var index = 0; index < lines.Count; index++)
        {
            var field = $"lines[{index}].menuItemId";
            var itemId = lines[index].MenuItemId;
            if (!items.TryGetValue(itemId, out var item))
            {
                unknown[field] = [$"Orders knows no menu item {itemId} (yet)."];
            }
            else if (item.RestaurantId != restaurantId)
            {
                unknown[field] = [$"{item.Name} ({itemId}) is on another restaurant's menu: one order is from one restaurant."];
            }
            else if (!item.Available)
            {
                unavailable[field] = [$"{item.Name} ({itemId}) is not available right now."];
            }
        }
        if (unknown.Count > 0 || unavailable.Count > 0)
        {
            return new OrderQuote(unknown, unavailable, [], []);
        }
        var currencies = lines.Select(line => items[line.MenuItemId].Currency).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        List<OrderLine> priced = currencies.Count != 1 ? [] : lines.Select(line =>
        {
            var item = items[line.MenuItemId];
            return new OrderLine { MenuItemId = item.Id, Name = item.Name, UnitPriceMinor = item.PriceMinor, Quantity = line.Quantity };
        }).ToList();
        return new OrderQuote(unknown, unavailable, currencies, priced);
    }
}
