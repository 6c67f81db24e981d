namespace FoodDelivery.Contracts;

/// <summary>
/// Waiting (for a courier), Assigned, PickedUp, Delivered; Cancelled when its order was cancelled
/// before the courier picked it up. Travels by name (<see cref="DeliveryChanged.Status"/>).
/// </summary>
public enum DeliveryStatus
{
    Waiting,
    Assigned,
    PickedUp,
    Delivered,
    Cancelled,
}
