using System.ComponentModel.DataAnnotations;
using FoodDelivery.Payments.Domain;

namespace FoodDelivery.Payments.Api;

// Range(double, double): the int overload throws OverflowException (a 500) on a long beyond int.MaxValue.
public sealed record NewPayment(
    [Required] Guid? OrderId,
    [Required, Range(1d, Limits.MaxAmountMinor)] long? AmountMinor,
    [Required, RegularExpression(Limits.CurrencyPattern)] string Currency);
