using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Inbox;

/// <summary>
/// A message this service has processed, recorded in the same transaction as its effect: a second delivery of
/// the same message, <see cref="MessageId"/> from the same publisher (<see cref="SourceService"/> in
/// <see cref="SourceCluster"/>, as the exchange it came through says), finds it and is skipped. The publisher is
/// part of the identity because a message id is whatever its sender wrote: another publisher reusing one it has
/// seen must not make this service skip the owner's event, nor the owner's event make it skip the other.
/// </summary>
[EntityTypeConfiguration(typeof(InboxMessageConfiguration))]
internal sealed class InboxMessage
{
    public required string MessageId { get; init; }
    public required string Type { get; init; }
    public required string SourceService { get; init; }
    public required string SourceCluster { get; init; }
    public Guid AggregateId { get; init; }
    public long Version { get; init; }
    public required string Outcome { get; set; }
    public DateTimeOffset? CommittedAt { get; init; }
    public DateTimeOffset AppliedAt { get; init; }

    /// <summary>The trace the delivery travelled in (32 hex digits), so an operator can open the trace of a version; null if unknown.</summary>
    public string? TraceId { get; init; }
}
