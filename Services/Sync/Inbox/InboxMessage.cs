using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Inbox;

/// <summary>
/// A message this service has processed, recorded in the same transaction as its effect: a
/// second delivery of the same <see cref="MessageId"/> finds it and is skipped.
/// </summary>
[EntityTypeConfiguration(typeof(InboxMessageConfiguration))]
public sealed class InboxMessage
{
    public required string MessageId { get; init; }
    public required string Type { get; init; }
    public required string SourceService { get; init; }
    public Guid AggregateId { get; init; }
    public long Version { get; init; }
    public required string Outcome { get; set; }
    public DateTimeOffset? CommittedAt { get; init; }
    public DateTimeOffset AppliedAt { get; init; }
}
