using System.ComponentModel.DataAnnotations;
using FoodDelivery.Orders.Domain;

namespace FoodDelivery.Orders.Api;

public sealed record NewOrderLine(
    [Required] Guid? MenuItemId,
    [Required, StringLength(Limits.LineName, MinimumLength = 1)] string Name,
    [Required, Range(1, Limits.MaxUnitPriceMinor)] long? UnitPriceMinor,
    [Required, Range(1, Limits.MaxQuantity)] int? Quantity);
