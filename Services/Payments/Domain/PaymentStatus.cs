namespace FoodDelivery.Payments.Domain;

/// <summary>Authorised then Captured, or Failed (declined); Captured money may be Refunded.</summary>
public enum PaymentStatus
{
    Authorised,
    Captured,
    Refunded,
    Failed,
}
