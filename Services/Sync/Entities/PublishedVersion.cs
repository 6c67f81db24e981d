namespace FoodDelivery.Sync.Entities;

/// <summary>One version of an entity its owner wrote to the outbox: when it was committed, and when the broker confirmed it (null: not yet).</summary>
public sealed record PublishedVersion(long Version, Guid MessageId, DateTimeOffset CommittedAt, DateTimeOffset? ConfirmedAt);
