using FoodDelivery.Contracts;
using FoodDelivery.Orders.Data;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Convergence;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Orders.Sync;

/// <summary>
/// Moves a paid order by its delivery's newest state: picked up sends it out for delivery, delivered
/// completes it. Waiting, Assigned and Cancelled deliveries change nothing here.
/// </summary>
public sealed class DeliveryReaction : IChangeHandler<DeliveryChanged>
{
    /// <summary>What this reaction leaves behind, checked by the convergence check on orders' own data.</summary>
    public static IReadOnlyList<EffectInvariant> Invariants { get; } =
    [
        EffectInvariant.Of<OrdersDb>("every paid order whose delivery was picked up has moved with it", db => db.Orders
            .Where(o => (o.Status == OrderStatus.Paid && db.Deliveries.Any(d => d.OrderId == o.Id
                             && (d.Status == DeliveryStatus.PickedUp || d.Status == DeliveryStatus.Delivered)))
                        || (o.Status == OrderStatus.OutForDelivery && db.Deliveries.Any(d => d.OrderId == o.Id && d.Status == DeliveryStatus.Delivered)))
            .Select(o => o.Id)),
    ];

    public async Task<ChangeOutcome> HandleAsync(DeliveryChanged change, ChangeContext context, CancellationToken ct)
    {
        var db = (OrdersDb)context.Db;
        // Tombstones are filtered out: a deleted delivery reads as none and moves nothing.
        var delivery = await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == change.Id, ct);
        if (delivery is null || await db.Orders.FirstOrDefaultAsync(o => o.Id == delivery.OrderId, ct) is not { } order)
        {
            return ChangeOutcome.Applied;
        }
        var moved = delivery.Status switch
        {
            DeliveryStatus.PickedUp => order.MarkOutForDelivery(),
            DeliveryStatus.Delivered => order.MarkDelivered(),
            _ => false,
        };
        if (moved)
        {
            await db.SaveChangesAsync(ct);
        }
        return ChangeOutcome.Applied;
    }
}
