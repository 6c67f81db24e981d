using FoodDelivery.Contracts;
using FoodDelivery.Menu.Domain;

namespace FoodDelivery.Menu.Sync;

/// <summary>What menu publishes about a menu item: its full state at a version.</summary>
public static class MenuItemEvents
{
    public static MenuItemChanged Changed(MenuItem item) => new(
        item.Id, item.Version, item.Deleted, item.RestaurantId, item.Name, item.PriceMinor, item.Currency, item.Available);
}
