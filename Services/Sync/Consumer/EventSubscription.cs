using System.Text.Json;
using FoodDelivery.Contracts;
using FoodDelivery.Sync.Registration;

namespace FoodDelivery.Sync.Consumer;

/// <summary>A subscription to one event contract: its type name and how its JSON is read are the contract's.</summary>
internal abstract class EventSubscription<TEvent> : Subscription
    where TEvent : class, IChangeEvent
{
    public override string EventType { get; } = ChangeEventTypes.NameOf<TEvent>();

    public override IChangeEvent Read(ReadOnlySpan<byte> body) =>
        JsonSerializer.Deserialize(body, ChangeEventTypes.JsonTypeInfo<TEvent>()) ?? throw new JsonException("The body is null.");
}
