using FoodDelivery.Contracts;
using FoodDelivery.Payments.Domain;

namespace FoodDelivery.Domain.Tests;

/// <summary>The sandbox processor's decline band, and the ledger's moves: captured money is the only money refunded.</summary>
public sealed class PaymentTests
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(199_999, false)]
    [InlineData(200_000, true)]
    [InlineData(250_000, true)]
    [InlineData(299_999, true)]
    [InlineData(300_000, false)]
    [InlineData(500_000_000_000, false)]
    public void Amounts_from_2000_00_to_2999_99_are_declined_and_every_other_is_approved(long amountMinor, bool declined) =>
        Assert.Equal(declined, ProcessorRule.Decline(amountMinor) is not null);

    [Fact]
    public void A_declined_amount_makes_a_failed_payment_with_the_processors_reason()
    {
        var payment = Payment.Authorise(Guid.NewGuid(), 1, 200_000, "EUR");

        Assert.Equal(PaymentStatus.Failed, payment.Status);
        Assert.Equal(ProcessorRule.Decline(200_000), payment.FailureReason);
        Assert.True(payment.FailureReason!.Length <= Limits.FailureReason, "the reason must fit its column");
    }

    [Fact]
    public void An_approved_amount_is_authorised_without_a_reason()
    {
        var payment = Payment.Authorise(Guid.NewGuid(), 1, 199_999, "EUR");

        Assert.Equal(PaymentStatus.Authorised, payment.Status);
        Assert.Null(payment.FailureReason);
    }

    [Fact]
    public void Authorised_money_is_captured_once_and_refunded_once()
    {
        var payment = Payment.Authorise(Guid.NewGuid(), 1, 1_000, "EUR");

        Assert.True(payment.Capture());
        Assert.False(payment.Capture());
        Assert.Equal(PaymentStatus.Captured, payment.Status);
        Assert.True(payment.Refund());
        Assert.False(payment.Refund());
        Assert.Equal(PaymentStatus.Refunded, payment.Status);
        Assert.False(payment.Capture());
        Assert.Equal(PaymentStatus.Refunded, payment.Status);
    }

    [Fact]
    public void Money_that_was_only_authorised_is_not_refunded()
    {
        var payment = Payment.Authorise(Guid.NewGuid(), 1, 1_000, "EUR");

        Assert.False(payment.Refund());
        Assert.Equal(PaymentStatus.Authorised, payment.Status);
    }

    [Fact]
    public void A_failed_payment_is_final()
    {
        var payment = Payment.Authorise(Guid.NewGuid(), 1, 299_999, "EUR");

        Assert.False(payment.Capture());
        Assert.False(payment.Refund());
        Assert.Equal(PaymentStatus.Failed, payment.Status);
    }
}
