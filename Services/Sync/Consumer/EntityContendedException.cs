namespace FoodDelivery.Sync.Consumer;

/// <summary>
/// A failure that means contention on an entity (<see cref="FailureScope.Entity"/>), carried out of EF's execution
/// strategy unretried: the strategy would retry it in place with back-off for a minute or more, holding the applier (and
/// with it a share of the queue) on one lock. The consumer parks the delivery instead.
/// </summary>
sealed class EntityContendedException(Exception contention) : Exception(contention.Message, contention);
