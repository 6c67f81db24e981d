using System.ComponentModel.DataAnnotations;
using FoodDelivery.Orders.Domain;

namespace FoodDelivery.Orders.Api;

/// <summary>What a customer orders; prices, names and the currency come from orders' menu item replica, never from the caller.</summary>
public sealed record NewOrder(
    [Required] Guid? RestaurantId,
    [Required, MinLength(1), MaxLength(Limits.MaxLines)] List<NewOrderLine> Lines);
