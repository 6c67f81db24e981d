using System.ComponentModel.DataAnnotations;

namespace FoodDelivery.Delivery.Api;

public sealed record CourierAvailability([Required] bool? Available);
