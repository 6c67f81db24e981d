using System.ComponentModel.DataAnnotations;
using FoodDelivery.ApiConventions;
using FoodDelivery.Menu.Domain;

namespace FoodDelivery.Menu.Api;

// Range(double, double): the int overload throws OverflowException (a 500) on a long beyond int.MaxValue.
public sealed record NewMenuItem(
    [Required, TrimmedLength(Limits.Name, MinimumLength = 1)] string Name,
    [Required, Range(1d, Limits.MaxPriceMinor)] long? PriceMinor,
    [Required, RegularExpression(Limits.CurrencyPattern)] string Currency,
    bool Available = true);
