using FoodDelivery.Contracts;
using FoodDelivery.Payments.Data;
using FoodDelivery.Payments.Domain;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Convergence;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Payments.Sync;

/// <summary>
/// Charges and refunds from the order replica's newest state, inside the transaction that updated it
/// (whose row lock keeps two reactions to one order apart): a Placed order without a payment is
/// authorised and captured (or declined); a Cancelled order with captured money is refunded. An order
/// first seen Cancelled is never charged, because the state decides, not the event's arrival.
/// </summary>
public sealed class OrderReaction : IChangeHandler<OrderChanged>
{
    /// <summary>What this reaction leaves behind, checked by the convergence check on payments' own data.</summary>
    public static IReadOnlyList<EffectInvariant> Invariants { get; } =
    [
        EffectInvariant.Of<PaymentsDb>("every paid order has exactly one captured payment", db => db.Orders
            .Where(o => (o.Status == OrderStatus.Paid || o.Status == OrderStatus.OutForDelivery || o.Status == OrderStatus.Delivered)
                        && db.Payments.Count(p => p.OrderId == o.Id && p.Status == PaymentStatus.Captured) != 1)
            .Select(o => o.Id)),
        EffectInvariant.Of<PaymentsDb>("every placed order has a payment attempt", db => db.Orders
            .Where(o => o.Status == OrderStatus.Placed && !db.Payments.Any(p => p.OrderId == o.Id))
            .Select(o => o.Id)),
        EffectInvariant.Of<PaymentsDb>("no cancelled order keeps captured money", db => db.Orders
            .Where(o => o.Status == OrderStatus.Cancelled && db.Payments.Any(p => p.OrderId == o.Id && p.Status == PaymentStatus.Captured))
            .Select(o => o.Id)),
    ];

    public async Task<ChangeOutcome> HandleAsync(OrderChanged change, ChangeContext context, CancellationToken ct)
    {
        var db = (PaymentsDb)context.Db;
        // Tombstones are filtered out: a deleted order reads as none, and is neither charged nor refunded.
        if (await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == change.Id, ct) is not { } order)
        {
            return ChangeOutcome.Applied;
        }
        var payment = await db.Payments.FirstOrDefaultAsync(p => p.OrderId == order.Id, ct);
        if (order.Status == OrderStatus.Placed && payment is null)
        {
            payment = Payment.Authorise(order.Id, order.Version, order.TotalMinor, order.Currency);
            db.Payments.Add(payment);
            // Saved once per step so the ledger's history is on the bus too: Authorised, then Captured.
            await db.SaveChangesAsync(ct);
            if (payment.Capture())
            {
                await db.SaveChangesAsync(ct);
            }
        }
        else if (order.Status == OrderStatus.Cancelled && payment is not null && payment.Refund())
        {
            await db.SaveChangesAsync(ct);
        }
        return ChangeOutcome.Applied;
    }
}
