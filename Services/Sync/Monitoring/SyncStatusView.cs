using FoodDelivery.Sync.Registration;

namespace FoodDelivery.Sync.Monitoring;

/// <summary>The sync status of one service, as the status endpoint reports it.</summary>
internal sealed record SyncStatusView(
    string Service,
    string Cluster,
    bool ConsumerAttached,
    long ConsumerAttachments,
    long Published,
    long OutboxBacklog,
    double? OldestPendingSeconds,
    long QueueDepth,
    long DeadLetters,
    string? PausedBecause,
    IReadOnlyDictionary<string, long> Consumed,
    LastAppliedChange? LastApplied)
{
    public static SyncStatusView From(SyncStatus status, SyncOptions options, DateTimeOffset now) => new(
        options.ServiceName,
        options.Cluster,
        status.ConsumerAttached,
        status.Attachments,
        status.Published,
        status.OutboxBacklog,
        status.OldestPendingCommittedAt is { } oldest ? Math.Round((now - oldest).TotalSeconds, 1) : null,
        status.QueueDepth,
        status.DeadLetters,
        status.PausedBecause,
        status.Outcomes,
        status.LastApplied);
}
