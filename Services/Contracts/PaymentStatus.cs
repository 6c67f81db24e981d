namespace FoodDelivery.Contracts;

/// <summary>
/// Authorised then Captured, or Failed (declined); Captured money may be Refunded. Travels by name
/// (<see cref="PaymentChanged.Status"/>).
/// </summary>
public enum PaymentStatus
{
    Authorised,
    Captured,
    Refunded,
    Failed,
}
