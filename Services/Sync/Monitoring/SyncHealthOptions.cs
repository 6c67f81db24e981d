namespace FoodDelivery.Sync.Monitoring;

/// <summary>Health thresholds (configuration section <c>Sync:Health</c>).</summary>
internal sealed class SyncHealthOptions
{
    /// <summary>An unpublished outbox row older than this makes the service Unhealthy.</summary>
    public TimeSpan MaxOutboxAge { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Deliveries waiting (in the queue or held by the consumer) while none has been settled for this long make the
    /// service Degraded: a consumer stalled on a lock, a hung database or a reaction retried forever, not idle.
    /// </summary>
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long after the process started a consumer that never attached counts as starting, not failing.</summary>
    public TimeSpan StartGrace { get; set; } = TimeSpan.FromMinutes(2);
}
