using System.Text.Json.Serialization.Metadata;
using FoodDelivery.Contracts;
using FoodDelivery.Sync.OwnedEntities;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Outbox;

/// <summary>
/// How one owned entity type becomes the change event its owner publishes, and how to read every
/// row of it (tombstones included) for a resync.
/// </summary>
internal sealed record Publication(
    Type EntityType,
    string EventType,
    Func<IOwnedEntity, IChangeEvent> ToEvent,
    JsonTypeInfo JsonTypeInfo,
    Func<DbContext, IAsyncEnumerable<IOwnedEntity>> ReadAll);
