using FoodDelivery.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.Sync.Consumer;

/// <summary>Applies an event with an <see cref="IChangeHandler{TEvent}"/> resolved from the delivery's scope.</summary>
public sealed class HandlerSubscription<TEvent, THandler> : EventSubscription<TEvent>
    where TEvent : class, IChangeEvent
    where THandler : class, IChangeHandler<TEvent>
{
    public override Task<ChangeOutcome> ApplyAsync(IChangeEvent change, ChangeContext context, CancellationToken ct) =>
        ActivatorUtilities.GetServiceOrCreateInstance<THandler>(context.Services).HandleAsync((TEvent)change, context, ct);
}
