using FoodDelivery.Restaurants.Api;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Restaurants.Data;

/// <summary>
/// The rating summary, computed when read from the review replicas. Stored counters would need a
/// reaction per review, and two reviews applied concurrently would each miss the other's row;
/// one indexed aggregate per read is exact and cheap.
/// </summary>
public static class RatingSummary
{
    static readonly RatingView None = new(0, null);

    public static async Task<RatingView> OfAsync(this RestaurantsDb db, Guid restaurantId, CancellationToken ct) =>
        (await db.RatingsAsync([restaurantId], ct)).GetValueOrDefault(restaurantId, None);

    public static async Task<Dictionary<Guid, RatingView>> RatingsAsync(this RestaurantsDb db, IReadOnlyCollection<Guid> restaurantIds, CancellationToken ct) =>
        await db.ReviewReplicas.AsNoTracking()
            .Where(r => !r.Deleted && restaurantIds.Contains(r.RestaurantId))
            .GroupBy(r => r.RestaurantId)
            .Select(g => new { RestaurantId = g.Key, Reviews = g.Count(), Average = g.Average(r => (double)r.Stars) })
            .ToDictionaryAsync(g => g.RestaurantId, g => new RatingView(g.Reviews, Math.Round(g.Average, 2)), ct);

    public static RatingView For(this Dictionary<Guid, RatingView> ratings, Guid restaurantId) => ratings.GetValueOrDefault(restaurantId, None);
}
