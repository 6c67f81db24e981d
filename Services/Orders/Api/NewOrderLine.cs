using System.ComponentModel.DataAnnotations;
using FoodDelivery.Orders.Domain;

namespace FoodDelivery.Orders.Api;

public sealed record NewOrderLine(
    [Required] Guid? MenuItemId,
    [Required, Range(1, Limits.MaxQuantity)] int? Quantity);
