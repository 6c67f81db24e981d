using FoodDelivery.Contracts;
using FoodDelivery.Sync.OwnedEntities;

namespace FoodDelivery.Orders.Domain;

/// <summary>
/// A customer's order from one restaurant; orders is its source of truth. Only the customer can
/// cancel it; every other move follows what payments and delivery report (see the reactions in Sync/).
/// </summary>
public sealed class Order : IOwnedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public long Version { get; set; }
    public bool Deleted { get; set; }

    public string HomeCluster { get; set; } = "";

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

    /// <summary>
    /// Before payment, or paid but still at the restaurant. Whether a courier already has it is
    /// delivery's knowledge, so the caller also checks orders' delivery replica.
    /// </summary>
    public bool CanBeCancelled => Status is OrderStatus.Placed or OrderStatus.Paid;

    public bool Cancel() => MoveIf(CanBeCancelled, OrderStatus.Cancelled);

    /// <summary>The money was captured. A payment for an order cancelled meanwhile changes nothing: payments refunds it.</summary>
    public bool MarkPaid() => MoveIf(Status == OrderStatus.Placed, OrderStatus.Paid);

    public bool MarkPaymentFailed() => MoveIf(Status == OrderStatus.Placed, OrderStatus.PaymentFailed);

    public bool MarkOutForDelivery() => MoveIf(Status == OrderStatus.Paid, OrderStatus.OutForDelivery);

    /// <summary>From Paid too: the pickup's event may be overtaken by the delivery's (its replica then skips it as stale).</summary>
    public bool MarkDelivered() => MoveIf(Status is OrderStatus.Paid or OrderStatus.OutForDelivery, OrderStatus.Delivered);

    bool MoveIf(bool allowed, OrderStatus next)
    {
        if (allowed)
        {
            Status = next;
        }
        return allowed;
    }
}
