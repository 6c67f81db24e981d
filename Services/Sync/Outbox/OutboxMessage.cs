using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Outbox;

/// <summary>
/// One change event waiting to be published, written in the same transaction as the change it
/// describes. <see cref="Sequence"/> gives the publishing order.
/// </summary>
[EntityTypeConfiguration(typeof(OutboxMessageConfiguration))]
internal sealed class OutboxMessage
{
    public long Sequence { get; init; }
    public required Guid MessageId { get; init; }
    public required string Type { get; init; }
    public required Guid AggregateId { get; init; }
    public required long Version { get; init; }
    public required string Payload { get; init; }
    public string? TraceParent { get; init; }
    public string? TraceState { get; init; }
    public required DateTimeOffset CommittedAt { get; init; }
    public DateTimeOffset? SentAt { get; set; }
}
