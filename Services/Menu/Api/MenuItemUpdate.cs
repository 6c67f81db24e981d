using System.ComponentModel.DataAnnotations;
using FoodDelivery.ApiConventions;
using FoodDelivery.Menu.Domain;

namespace FoodDelivery.Menu.Api;

public sealed record MenuItemUpdate(
    [Required, TrimmedLength(Limits.Name, MinimumLength = 1)] string Name,
    [Required, Range(1d, Limits.MaxPriceMinor)] long? PriceMinor,
    [Required, RegularExpression(Limits.CurrencyPattern)] string Currency,
    [Required] bool? Available);
