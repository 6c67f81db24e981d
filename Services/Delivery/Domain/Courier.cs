using FoodDelivery.Sync;

namespace FoodDelivery.Delivery.Domain;

/// <summary>A courier's availability; the id is the courier's account id, not a generated one.</summary>
public sealed class Courier : IOwnedEntity
{
    public required Guid Id { get; init; }
    public long Version { get; set; }
    public bool Deleted { get; set; }

    public bool Available { get; set; }
}
