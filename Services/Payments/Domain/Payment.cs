using FoodDelivery.Contracts;
using FoodDelivery.Sync.OwnedEntities;

namespace FoodDelivery.Payments.Domain;

/// <summary>
/// The payment for one order; payments is its source of truth, and the payments table is the
/// ledger: one row per order, its status the money's state. Never card data.
/// </summary>
public sealed class Payment : IOwnedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public long Version { get; set; }
    public bool Deleted { get; set; }

    public string HomeCluster { get; set; } = "";

    public required Guid OrderId { get; init; }

    /// <summary>Amount in minor currency units (cents), so no rounding ever happens.</summary>
    public required long AmountMinor { get; init; }

    public required string Currency { get; init; }
    public PaymentStatus Status { get; private set; } = PaymentStatus.Authorised;
    public string? FailureReason { get; private set; }

    /// <summary>
    /// Asks the processor to authorise the amount: Authorised, or Failed with the processor's reason. The payment is the
    /// order's one charge (<see cref="ChargeKey"/>), and starts in the ownership epoch of the order version it charges
    /// (<paramref name="orderVersion"/>): charged by the cluster that took the order over, it outranks the charge the
    /// order's old home made, so both clusters keep the new home's.
    /// </summary>
    public static Payment Authorise(Guid orderId, long orderVersion, long amountMinor, string currency)
    {
        var payment = new Payment { Id = ChargeKey.Of(orderId), Version = orderVersion, OrderId = orderId, AmountMinor = amountMinor, Currency = currency };
        if (ProcessorRule.Decline(amountMinor) is { } reason)
        {
            payment.Status = PaymentStatus.Failed;
            payment.FailureReason = reason;
        }
        return payment;
    }

    /// <summary>Authorised money is captured; Failed, Captured and Refunded payments stay as they are.</summary>
    public bool Capture() => MoveIf(PaymentStatus.Authorised, PaymentStatus.Captured);

    /// <summary>Only captured money goes back; Refunded and Failed are final.</summary>
    public bool Refund() => MoveIf(PaymentStatus.Captured, PaymentStatus.Refunded);

    bool MoveIf(PaymentStatus from, PaymentStatus next)
    {
        if (Status != from)
        {
            return false;
        }
        Status = next;
        return true;
    }
}
