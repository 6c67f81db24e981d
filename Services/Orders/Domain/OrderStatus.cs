namespace FoodDelivery.Orders.Domain;

public enum OrderStatus
{
    Placed,
    Paid,
    PaymentFailed,
    OutForDelivery,
    Delivered,
    Cancelled,
}
