using FoodDelivery.Menu.Domain;

namespace FoodDelivery.Menu.Api;

public sealed record MenuItemView(
    Guid Id, long Version, Guid RestaurantId, string Name, long PriceMinor, string Currency, bool Available)
{
    public static MenuItemView From(MenuItem i) =>
        new(i.Id, i.Version, i.RestaurantId, i.Name, i.PriceMinor, i.Currency, i.Available);
}
