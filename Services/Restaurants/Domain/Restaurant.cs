using FoodDelivery.Sync.OwnedEntities;

namespace FoodDelivery.Restaurants.Domain;

/// <summary>A restaurant; restaurants is its source of truth.</summary>
public sealed class Restaurant : IOwnedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public long Version { get; set; }
    public bool Deleted { get; set; }

    public string HomeCluster { get; set; } = "";

    public required Guid OwnerId { get; init; }
    public required string Name { get; set; }
    public required string Address { get; set; }
    public required string Cuisine { get; set; }
    public bool IsOpen { get; set; }
}
