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
}
