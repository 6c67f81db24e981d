namespace FoodDelivery.Payments.Domain;

public enum PaymentStatus
{
    Authorised,
    Captured,
    Refunded,
    Failed,
}
