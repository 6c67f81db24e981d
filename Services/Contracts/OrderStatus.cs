namespace FoodDelivery.Contracts;

/// <summary>
/// Placed, then Paid or PaymentFailed (payments' verdict), then OutForDelivery and Delivered
/// (delivery's pickup and drop-off); Cancelled by the customer while Placed or Paid and not picked
/// up. Travels by name (<see cref="OrderChanged.Status"/>).
/// </summary>
public enum OrderStatus
{
    Placed,
    Paid,
    PaymentFailed,
    OutForDelivery,
    Delivered,
    Cancelled,
}
