namespace FoodDelivery.Delivery.Domain;

/// <summary>
/// Waiting (for a courier), Assigned, PickedUp, Delivered; Cancelled when its order was cancelled
/// before the courier picked it up.
/// </summary>
public enum DeliveryStatus
{
    Waiting,
    Assigned,
    PickedUp,
    Delivered,
    Cancelled,
}
