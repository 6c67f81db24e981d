using FoodDelivery.Sync.OwnedEntities;

namespace FoodDelivery.Reviews.Domain;

/// <summary>A customer's rating of one delivered order; reviews is its source of truth.</summary>
public sealed class Review : IOwnedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public long Version { get; set; }
    public bool Deleted { get; set; }

    public string HomeCluster { get; set; } = "";

    public required Guid OrderId { get; init; }
    public required Guid CustomerId { get; init; }
    public required Guid RestaurantId { get; init; }
    public required int Stars { get; set; }
    /// <summary>A rating without words is a valid review, so this may be empty.</summary>
    public string Text { get; set; } = "";
}
