namespace FoodDelivery.Contracts;

/// <summary>
/// A payment as payments stored it at <see cref="Version"/>. Status: Authorised, Captured, Refunded
/// or Failed (then <see cref="FailureReason"/> says why). Never card data.
/// </summary>
public sealed record PaymentChanged(
    Guid Id,
    long Version,
    bool Deleted,
    Guid OrderId,
    long AmountMinor,
    string Currency,
    string Status,
    string? FailureReason) : IChangeEvent;
