using System.ComponentModel.DataAnnotations;
using FoodDelivery.Delivery.Domain;

namespace FoodDelivery.Delivery.Api;

/// <summary>The next status; <see cref="CourierId"/> names the courier when it is Assigned.</summary>
public sealed record DeliveryStatusChange([Required] DeliveryStatus? Status, Guid? CourierId = null);
