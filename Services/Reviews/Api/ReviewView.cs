using FoodDelivery.Reviews.Domain;

namespace FoodDelivery.Reviews.Api;

public sealed record ReviewView(Guid Id, long Version, Guid OrderId, Guid CustomerId, Guid RestaurantId, int Stars, string Text)
{
    public static ReviewView From(Review r) => new(r.Id, r.Version, r.OrderId, r.CustomerId, r.RestaurantId, r.Stars, r.Text);
}
