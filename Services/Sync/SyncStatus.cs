using System.Collections.Concurrent;

namespace FoodDelivery.Sync;

/// <summary>
/// What this service's sync is doing right now, kept in memory for health checks, metrics and the
/// status endpoint. Counts are recorded through <see cref="Telemetry.SyncMetrics"/>; backlog and
/// queue figures are refreshed by <see cref="Monitoring.SyncMonitor{TDb}"/>.
/// </summary>
public sealed class SyncStatus
{
    readonly ConcurrentDictionary<ChangeOutcome, long> outcomes = new();
    long published;
    long attachments;

    public bool ConsumerAttached { get; private set; }

    public long Attachments => Interlocked.Read(ref attachments);

    public long Published => Interlocked.Read(ref published);

    public long OutboxBacklog { get; set; }

    public DateTimeOffset? OldestPendingCommittedAt { get; set; }

    public long QueueDepth { get; set; }

    public long DeadLetters { get; set; }

    public LastAppliedChange? LastApplied { get; set; }

    /// <summary>Set while an exchange or queue this service needs is missing on the broker (said in words).</summary>
    public string? TopologyProblem { get; set; }

    /// <summary>Set while the broker's version is outside the supported range (<see cref="SupportedServer.RabbitMq"/>), said in words.</summary>
    public string? BrokerRefused { get; set; }

    /// <summary>Set while deliveries wait for the database (or broker) to come back.</summary>
    public string? PausedBecause { get; set; }

    public IReadOnlyDictionary<string, long> Outcomes =>
        Enum.GetValues<ChangeOutcome>().ToDictionary(outcome => outcome.RecordedName(), outcome => outcomes.GetValueOrDefault(outcome));

    public void Attached()
    {
        ConsumerAttached = true;
        Interlocked.Increment(ref attachments);
    }

    public void Detached() => ConsumerAttached = false;

    public void CountPublished() => Interlocked.Increment(ref published);

    public void Count(ChangeOutcome outcome) => outcomes.AddOrUpdate(outcome, 1, (_, count) => count + 1);
}
