using System.Text.Json.Serialization.Metadata;
using FoodDelivery.Contracts;

namespace FoodDelivery.Sync.Outbox;

/// <summary>How one owned entity type becomes the change event its owner publishes.</summary>
public sealed record Publication(Type EntityType, string EventType, Func<IOwnedEntity, IChangeEvent> ToEvent, JsonTypeInfo JsonTypeInfo);
