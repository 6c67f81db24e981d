using FoodDelivery.Sync.OwnedEntities;

namespace FoodDelivery.Menu.Domain;

/// <summary>A dish or drink a restaurant sells; menu is its source of truth.</summary>
public sealed class MenuItem : IOwnedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public long Version { get; set; }
    public bool Deleted { get; set; }

    public string HomeCluster { get; set; } = "";

    public required Guid RestaurantId { get; init; }
    public required string Name { get; set; }

    /// <summary>Price in minor currency units (cents), so no rounding ever happens.</summary>
    public required long PriceMinor { get; set; }

    public required string Currency { get; set; }
    public bool Available { get; set; }
}
