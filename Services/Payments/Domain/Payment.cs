using FoodDelivery.Sync;

namespace FoodDelivery.Payments.Domain;

/// <summary>The payment for one order; payments is its source of truth.</summary>
public sealed class Payment : IOwnedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public long Version { get; set; }
    public bool Deleted { get; set; }

    public required Guid OrderId { get; init; }

    /// <summary>Amount in minor currency units (cents), so no rounding ever happens.</summary>
    public required long AmountMinor { get; init; }

    public required string Currency { get; init; }
    public PaymentStatus Status { get; set; } = PaymentStatus.Authorised;
    public string? FailureReason { get; set; }

    /// <summary>
    /// Authorised money is either captured or fails; only captured money can be refunded.
    /// Refunded and Failed are final.
    /// </summary>
    public bool CanMoveTo(PaymentStatus next) => (Status, next) is
        (PaymentStatus.Authorised, PaymentStatus.Captured) or
        (PaymentStatus.Authorised, PaymentStatus.Failed) or
        (PaymentStatus.Captured, PaymentStatus.Refunded);
}
