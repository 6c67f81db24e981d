using System.Globalization;
using FoodDelivery.Contracts;
using FoodDelivery.Orders.Data;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Convergence;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Orders.Sync;

/// <summary>
/// Moves an order by its payment's newest state: Captured pays a Placed order, Failed fails it.
/// Runs after the payment replica took a newer version, inside the same transaction; an order that
/// moved on meanwhile (cancelled) stays as it is, and payments refunds what it captured. A payment of
/// another amount or currency than its order's total breaks the order's invariant, whoever sent it: it is
/// refused (dead-lettered with the figures, the replica left as it was), so not even payments' own
/// credentials can pay an order with a cent.
/// </summary>
public sealed class PaymentReaction : IChangeHandler<PaymentChanged>
{
    /// <summary>What this reaction leaves behind, checked by the convergence check on orders' own data.</summary>
    public static IReadOnlyList<EffectInvariant> Invariants { get; } =
    [
        EffectInvariant.Of<OrdersDb>("every order with a captured payment has moved past Placed", db => db.Orders
            .Where(o => o.Status == OrderStatus.Placed && db.Payments.Any(p => p.OrderId == o.Id && p.Status == PaymentStatus.Captured))
            .Select(o => o.Id)),
        EffectInvariant.Of<OrdersDb>("every order with a failed payment and no other has moved past Placed", db => db.Orders
            .Where(o => o.Status == OrderStatus.Placed
                        && db.Payments.Any(p => p.OrderId == o.Id && p.Status == PaymentStatus.Failed)
                        && !db.Payments.Any(p => p.OrderId == o.Id && p.Status != PaymentStatus.Failed))
            .Select(o => o.Id)),
    ];

    public async Task<ChangeOutcome> HandleAsync(PaymentChanged change, ChangeContext context, CancellationToken ct)
    {
        var db = (OrdersDb)context.Db;
        // Tombstones are filtered out: a deleted payment reads as none and moves nothing.
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == change.Id, ct);
        if (payment is null || await db.Orders.FirstOrDefaultAsync(o => o.Id == payment.OrderId, ct) is not { } order)
        {
            return ChangeOutcome.Applied;
        }
        if (payment.AmountMinor != order.TotalMinor || payment.Currency != order.Currency)
        {
            throw new ChangeRejectedException(string.Create(CultureInfo.InvariantCulture,
                $"PaymentChanged.AmountMinor is {payment.AmountMinor} {payment.Currency}; it must be order {order.Id}'s total, {order.TotalMinor} {order.Currency}"));
        }
        var moved = payment.Status switch
        {
            PaymentStatus.Captured => order.MarkPaid(),
            PaymentStatus.Failed => order.MarkPaymentFailed(),
            _ => false,
        };
        if (moved)
        {
            // The order's version is a concurrency token: a cancel saved meanwhile makes this throw,
            // and the engine retries the whole apply against the fresh order.
            await db.SaveChangesAsync(ct);
        }
        return ChangeOutcome.Applied;
    }
}
