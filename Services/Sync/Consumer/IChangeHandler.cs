using FoodDelivery.Contracts;
using FoodDelivery.Sync.Consumer;

namespace FoodDelivery.Sync.Consumer;

/// <summary>
/// Reacts to a change event beyond copying it (orders reacting to a payment). Runs inside the
/// delivery's transaction, after the inbox claimed the message id, so it runs once per message;
/// it must still be version-aware for redelivered or reordered events. Throw
/// <see cref="ChangeRejectedException"/> for an event that can never be applied.
/// </summary>
public interface IChangeHandler<in TEvent> where TEvent : IChangeEvent
{
    Task<ChangeOutcome> HandleAsync(TEvent change, ChangeContext context, CancellationToken ct);
}
