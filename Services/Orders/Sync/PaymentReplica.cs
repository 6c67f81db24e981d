using FoodDelivery.Contracts;
using FoodDelivery.Sync.Replicas;

namespace FoodDelivery.Orders.Sync;

/// <summary>Orders' copy of a payment (owned by payments): what moves an order to Paid or PaymentFailed.</summary>
public sealed class PaymentReplica : IReplica
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    public Guid OrderId { get; init; }
    public long AmountMinor { get; init; }
    public string Currency { get; init; } = "";
    public PaymentStatus Status { get; init; }
    public string? FailureReason { get; init; }

    /// <summary>The row a <see cref="PaymentChanged"/> stands for; the status word is checked by the event's invariants first.</summary>
    public static PaymentReplica From(PaymentChanged change) => new()
    {
        Id = change.Id,
        Version = change.Version,
        Deleted = change.Deleted,
        OrderId = change.OrderId,
        AmountMinor = change.AmountMinor,
        Currency = change.Currency,
        Status = Enum.Parse<PaymentStatus>(change.Status),
        FailureReason = change.FailureReason,
    };
}
