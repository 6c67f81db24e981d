namespace FoodDelivery.Sync.Consumer;

/// <summary>
/// A delivery waiting in the consumer's run queue, with the tag that acknowledges it on its channel and how many
/// times it was parked already (its next pause grows with it).
/// </summary>
sealed record ReceivedChange(ulong DeliveryTag, ChangeDelivery Change, int Parked = 0);
