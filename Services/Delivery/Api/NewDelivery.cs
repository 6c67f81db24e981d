using System.ComponentModel.DataAnnotations;

namespace FoodDelivery.Delivery.Api;

public sealed record NewDelivery([Required] Guid? OrderId, Guid? CourierId = null);
