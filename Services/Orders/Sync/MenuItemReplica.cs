using FoodDelivery.Sync.Replicas;

namespace FoodDelivery.Orders.Sync;

/// <summary>Orders' copy of a menu item (owned by menu): what an order line is priced from.</summary>
public sealed class MenuItemReplica : IReplica
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public Guid RestaurantId { get; init; }
    public string Name { get; init; } = "";
    public long PriceMinor { get; init; }
    public string Currency { get; init; } = "";
    public bool Available { get; init; }
}
