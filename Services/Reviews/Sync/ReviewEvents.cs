using FoodDelivery.Contracts;
using FoodDelivery.Reviews.Domain;

namespace FoodDelivery.Reviews.Sync;

/// <summary>What reviews publishes about a review: its full state at a version.</summary>
public static class ReviewEvents
{
    public static ReviewChanged Changed(Review review) => new(
        review.Id, review.Version, review.Deleted, review.OrderId, review.CustomerId, review.RestaurantId, review.Stars, review.Text);
}
