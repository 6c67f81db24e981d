namespace FoodDelivery.Sync.Monitoring;

/// <summary>Health thresholds (configuration section <c>Sync:Health</c>).</summary>
public sealed class SyncHealthOptions
{
    /// <summary>An unpublished outbox row older than this makes the service Unhealthy.</summary>
    public TimeSpan MaxOutboxAge { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long after the process started a consumer that never attached counts as starting, not failing.</summary>
    public TimeSpan StartGrace { get; set; } = TimeSpan.FromMinutes(2);
}
