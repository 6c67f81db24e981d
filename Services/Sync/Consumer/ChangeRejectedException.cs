namespace FoodDelivery.Sync.Consumer;

/// <summary>A handler's verdict that an event is invalid: it goes to the dead-letter queue with this message as the reason.</summary>
public sealed class ChangeRejectedException(string reason) : Exception(reason);
