using FoodDelivery.Restaurants.Domain;

namespace FoodDelivery.Restaurants.Api;

public sealed record RestaurantView(Guid Id, long Version, Guid OwnerId, string Name, string Address, string Cuisine, bool IsOpen, RatingView Rating)
{
    public static RestaurantView From(Restaurant r, RatingView rating) =>
        new(r.Id, r.Version, r.OwnerId, r.Name, r.Address, r.Cuisine, r.IsOpen, rating);
}
