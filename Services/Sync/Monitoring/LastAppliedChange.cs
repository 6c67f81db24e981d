namespace FoodDelivery.Sync.Monitoring;

/// <summary>The most recent change event this service applied.</summary>
internal sealed record LastAppliedChange(string Type, Guid AggregateId, long Version, string SourceService, DateTimeOffset AppliedAt, TimeSpan? Lag);
