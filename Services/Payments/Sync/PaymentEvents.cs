using FoodDelivery.Contracts;
using FoodDelivery.Payments.Domain;

namespace FoodDelivery.Payments.Sync;

/// <summary>What payments publishes about a payment: its full state at a version.</summary>
public static class PaymentEvents
{
    public static PaymentChanged Changed(Payment payment) => new(
        payment.Id, payment.Version, payment.Deleted, payment.OrderId, payment.AmountMinor, payment.Currency,
        payment.Status.ToString(), payment.FailureReason);
}
