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
    long held;
    long lastProgressTicks;

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

    /// <summary>Deliveries the consumer holds unacknowledged (in its run queue, being applied, or parked).</summary>
    public long Held => Interlocked.Read(ref held);

    /// <summary>
    /// When the consumer last settled a delivery (acknowledged or dead-lettered), attached, or took a delivery while it
    /// held none: with deliveries held, a time long past means the queue has stopped, whatever the appliers wait on.
    /// </summary>
    public DateTimeOffset LastProgressAt => new(Interlocked.Read(ref lastProgressTicks), TimeSpan.Zero);

    /// <summary>How long the attached consumer has held deliveries without settling any; zero when it holds none.</summary>
    public TimeSpan StalledFor(DateTimeOffset now) =>
        ConsumerAttached && Held > 0 && now > LastProgressAt ? now - LastProgressAt : TimeSpan.Zero;

    public void Received(DateTimeOffset at)
    {
        // From idle to busy: the wait starts now, not when the last delivery was settled long ago.
        if (Interlocked.Increment(ref held) == 1)
        {
            Progressed(at);
        }
    }

    public void Settled(DateTimeOffset at)
    {
        Interlocked.Decrement(ref held);
        Progressed(at);
    }

    public void Progressed(DateTimeOffset at) => Interlocked.Exchange(ref lastProgressTicks, at.UtcTicks);

    /// <summary>The channel closed: what it held, the broker delivers again (it counts in the queue's depth meanwhile).</summary>
    public void ReleasedAll() => Interlocked.Exchange(ref held, 0);
}
