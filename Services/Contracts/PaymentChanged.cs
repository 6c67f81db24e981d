namespace FoodDelivery.Contracts;

/// <summary>
/// A payment as payments stored it at <see cref="Version"/>. Status: a <see cref="PaymentStatus"/>
/// by name (when Failed, <see cref="FailureReason"/> says why). Never card data. FailureReason is optional (absent
/// reads as null): only a failed payment has one, so a producer that does not write the member is understood.
/// </summary>
public sealed record PaymentChanged(
    Guid Id,
    long Version,
    bool Deleted,
    Guid OrderId,
    long AmountMinor,
    string Currency,
    [property: OneOf(typeof(PaymentStatus))] string Status,
    string? FailureReason = null) : IChangeEvent
{
    public void CheckInvariants(InvariantCheck check) => check
        .NotEmpty(OrderId)
        .AtLeast(AmountMinor, 0)
        .Currency(Currency)
        .OneOf<PaymentStatus>(Status)
        .That(Status != nameof(PaymentStatus.Failed) || !string.IsNullOrWhiteSpace(FailureReason),
            nameof(FailureReason), "is empty; a Failed payment says why");
}
