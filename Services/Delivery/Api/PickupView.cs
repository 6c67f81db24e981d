using FoodDelivery.Delivery.Sync;

namespace FoodDelivery.Delivery.Api;

/// <summary>Where the courier collects the food, from delivery's restaurant replica.</summary>
public sealed record PickupView(string RestaurantName, string Address)
{
    public static PickupView? From(RestaurantReplica? restaurant) =>
        restaurant is null ? null : new(restaurant.Name, restaurant.Address);
}
