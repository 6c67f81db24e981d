namespace FoodDelivery.Sync;

/// <summary>The most recent change event this service applied.</summary>
public sealed record LastAppliedChange(string Type, Guid AggregateId, long Version, string SourceService, DateTimeOffset AppliedAt, TimeSpan? Lag);
