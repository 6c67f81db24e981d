namespace FoodDelivery.Sync.Entities;

/// <summary>
/// One version of an entity its owner wrote to the outbox: when it was committed, when the broker confirmed it (null: not
/// yet), the trace it was written in (from the outbox row's <c>traceparent</c>) and, where the dashboard's address is
/// configured, a link to that trace there.
/// </summary>
internal sealed record PublishedVersion(
    long Version, Guid MessageId, DateTimeOffset CommittedAt, DateTimeOffset? ConfirmedAt, string? TraceId = null, Uri? TraceUrl = null);
