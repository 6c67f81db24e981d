using FoodDelivery.Contracts;
using FoodDelivery.Delivery.Data;
using FoodDelivery.Delivery.Domain;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Convergence;
using FoodDelivery.Sync.Registration;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Delivery.Sync;

/// <summary>
/// Opens and cancels deliveries from the order replica's newest state, in the transaction that
/// updated it: a Paid order without a delivery gets one (assigned or Waiting); a Cancelled order's
/// delivery is cancelled if not picked up yet, and its courier freed for the next one. The restaurant
/// may not have reached delivery yet: the delivery keeps the restaurant's id and shows its address
/// once the restaurant replica arrives.
/// </summary>
public sealed class OrderReaction(SyncOptions options, TimeProvider time) : IChangeHandler<OrderChanged>
{
    /// <summary>What this reaction leaves behind, checked by the convergence check on delivery's own data.</summary>
    public static IReadOnlyList<EffectInvariant> Invariants { get; } =
    [
        EffectInvariant.Of<DeliveryDb>("every paid order has a delivery", db => db.Orders
            .Where(o => (o.Status == OrderStatus.Paid || o.Status == OrderStatus.OutForDelivery || o.Status == OrderStatus.Delivered)
                        && !db.Deliveries.Any(d => d.OrderId == o.Id))
            .Select(o => o.Id)),
        EffectInvariant.Of<DeliveryDb>("no cancelled order has a delivery waiting to be picked up", db => db.Orders
            .Where(o => o.Status == OrderStatus.Cancelled
                        && db.Deliveries.Any(d => d.OrderId == o.Id && (d.Status == DeliveryStatus.Waiting || d.Status == DeliveryStatus.Assigned)))
            .Select(o => o.Id)),
    ];

    public async Task<ChangeOutcome> HandleAsync(OrderChanged change, ChangeContext context, CancellationToken ct)
    {
        var db = (DeliveryDb)context.Db;
        await Dispatcher.LockAsync(db, ct);
        // Tombstones are filtered out: a deleted order reads as none and opens or cancels nothing.
        if (await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == change.Id, ct) is not { } order)
        {
            return ChangeOutcome.Applied;
        }
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.OrderId == order.Id, ct);
        if (order.Status == OrderStatus.Paid && delivery is null)
        {
            await Dispatcher.OpenAsync(db, options.Cluster, order.Id, order.Version, order.RestaurantId, ct);
            await db.SaveChangesAsync(ct);
        }
        else if (order.Status == OrderStatus.Cancelled && delivery is not null && delivery.Cancel())
        {
            if (delivery.CourierId is { } courierId)
            {
                await Dispatcher.ReleaseAsync(db, options.Cluster, courierId, time.GetUtcNow(), ct);
            }
            await db.SaveChangesAsync(ct);
        }
        return ChangeOutcome.Applied;
    }
}
