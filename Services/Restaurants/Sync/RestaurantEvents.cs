using FoodDelivery.Contracts;
using FoodDelivery.Restaurants.Domain;

namespace FoodDelivery.Restaurants.Sync;

/// <summary>What restaurants publishes about a restaurant: its full state at a version.</summary>
public static class RestaurantEvents
{
    public static RestaurantChanged Changed(Restaurant restaurant) => new(
        restaurant.Id, restaurant.Version, restaurant.Deleted, restaurant.OwnerId,
        restaurant.Name, restaurant.Address, restaurant.Cuisine, restaurant.IsOpen);
}
