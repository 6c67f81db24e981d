using System.ComponentModel.DataAnnotations;
using FoodDelivery.Orders.Domain;

namespace FoodDelivery.Orders.Api;

public sealed record NewOrder(
    [Required] Guid? CustomerId,
    [Required] Guid? RestaurantId,
    [Required, RegularExpression(Limits.CurrencyPattern)] string Currency,
    [Required, MinLength(1), MaxLength(Limits.MaxLines)] List<NewOrderLine> Lines);
