namespace FoodDelivery.Sync.Entities;

/// <summary>
/// One version of an entity a consumer received, as its inbox recorded it: the outcome (applied, stale,
/// unknown...), when it was handled and when its owner had committed it, the trace its delivery travelled in and,
/// where the dashboard's address is configured, a link to that trace there.
/// </summary>
internal sealed record ReceivedVersion(
    long Version, string MessageId, string Outcome, DateTimeOffset HandledAt, DateTimeOffset? CommittedAt, string? TraceId = null, Uri? TraceUrl = null);
