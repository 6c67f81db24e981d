namespace FoodDelivery.Sync.Consumer;

/// <summary>A delivery waiting in the consumer's run queue, with the tag that acknowledges it on its channel.</summary>
sealed record ReceivedChange(ulong DeliveryTag, ChangeDelivery Change);
