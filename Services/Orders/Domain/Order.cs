using FoodDelivery.Sync;

namespace FoodDelivery.Orders.Domain;

/// <summary>A customer's order from one restaurant; orders is its source of truth.</summary>
public sealed class Order : IOwnedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public long Version { get; set; }
    public bool Deleted { get; set; }

    public required Guid CustomerId { get; init; }
    public required Guid RestaurantId { get; init; }
    public OrderStatus Status { get; private set; } = OrderStatus.Placed;
    public required string Currency { get; init; }
    public long TotalMinor { get; private set; }
    public DateTimeOffset PlacedAt { get; init; } = DateTimeOffset.UtcNow;
    public List<OrderLine> Lines { get; private set; } = [];

    /// <summary>Places an order from its price snapshot; the total is always derived from the lines.</summary>
    public static Order Place(Guid customerId, Guid restaurantId, string currency, IEnumerable<OrderLine> lines)
    {
        var order = new Order { CustomerId = customerId, RestaurantId = restaurantId, Currency = currency };
        order.Lines.AddRange(lines);
        order.TotalMinor = order.Lines.Sum(l => l.TotalMinor);
        return order;
    }

    /// <summary>Once the courier has the food it can no longer be called back.</summary>
    public bool CanBeCancelled =>
        Status is not (OrderStatus.OutForDelivery or OrderStatus.Delivered or OrderStatus.Cancelled);

    public bool Cancel()
    {
        if (!CanBeCancelled)
        {
            return false;
        }
        Status = OrderStatus.Cancelled;
        return true;
    }
}
