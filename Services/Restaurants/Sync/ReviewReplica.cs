using FoodDelivery.Sync.Replicas;

namespace FoodDelivery.Restaurants.Sync;

/// <summary>Restaurants' copy of a review (owned by reviews): what the rating summary is computed from.</summary>
public sealed class ReviewReplica : IReplica
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public Guid RestaurantId { get; init; }
    public int Stars { get; init; }
}
