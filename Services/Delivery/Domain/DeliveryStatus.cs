namespace FoodDelivery.Delivery.Domain;

public enum DeliveryStatus
{
    Waiting,
    Assigned,
    PickedUp,
    Delivered,
}
