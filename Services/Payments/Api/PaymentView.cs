using FoodDelivery.Contracts;
using FoodDelivery.Payments.Domain;

namespace FoodDelivery.Payments.Api;

public sealed record PaymentView(
    Guid Id, long Version, Guid OrderId, long AmountMinor, string Currency, PaymentStatus Status, string? FailureReason)
{
    public static PaymentView From(Payment p) =>
        new(p.Id, p.Version, p.OrderId, p.AmountMinor, p.Currency, p.Status, p.FailureReason);
}
