using System.Collections.Concurrent;
using FoodDelivery.Sync.Consumer;

namespace FoodDelivery.Sync.Monitoring;

/// <summary>
/// What this service's sync is doing right now, kept in memory for health checks, metrics and the
/// status endpoint. Counts are recorded through <see cref="Telemetry.SyncMetrics"/>; backlog and
/// queue figures are refreshed by <see cref="Monitoring.SyncMonitor{TDb}"/>.
/// </summary>
internal sealed class SyncStatus
{
    readonly ConcurrentDictionary<ChangeOutcome, long> outcomes = new();
    long published;
    long attachments;
    long held;
    long lastProgressTicks;

    internal bool ConsumerAttached { get; private set; }

    internal long Attachments => Interlocked.Read(ref attachments);

    internal long Published => Interlocked.Read(ref published);

    internal long OutboxBacklog { get; set; }

    internal DateTimeOffset? OldestPendingCommittedAt { get; set; }

    internal long QueueDepth { get; set; }

    internal long DeadLetters { get; set; }

    internal LastAppliedChange? LastApplied { get; set; }

    /// <summary>Set while an exchange or queue this service needs is missing on the broker (said in words).</summary>
    internal string? TopologyProblem { get; set; }

    /// <summary>Set while the broker's version is outside the supported range (<see cref="SupportedServer.RabbitMq"/>), said in words.</summary>
    internal string? BrokerRefused { get; set; }

    /// <summary>Set while deliveries wait for the database (or broker) to come back.</summary>
    internal string? PausedBecause { get; set; }

    internal IReadOnlyDictionary<string, long> Outcomes =>
        Enum.GetValues<ChangeOutcome>().ToDictionary(outcome => outcome.RecordedName(), outcome => outcomes.GetValueOrDefault(outcome));

    internal void Attached()
    {
        ConsumerAttached = true;
        Interlocked.Increment(ref attachments);
    }

    internal void Detached() => ConsumerAttached = false;

    internal void CountPublished() => Interlocked.Increment(ref published);

    internal void Count(ChangeOutcome outcome) => outcomes.AddOrUpdate(outcome, 1, (_, count) => count + 1);

    /// <summary>Deliveries the consumer holds unacknowledged (in its run queue, being applied, or parked).</summary>
    internal long Held => Interlocked.Read(ref held);

    /// <summary>
    /// When the consumer last settled a delivery (acknowledged or dead-lettered), attached, or took a delivery while it
    /// held none: with deliveries held, a time long past means the queue has stopped, whatever the appliers wait on.
    /// </summary>
    internal DateTimeOffset LastProgressAt => new(Interlocked.Read(ref lastProgressTicks), TimeSpan.Zero);

    /// <summary>How long the attached consumer has held deliveries without settling any; zero when it holds none.</summary>
    internal TimeSpan StalledFor(DateTimeOffset now) =>
        ConsumerAttached && Held > 0 && now > LastProgressAt ? now - LastProgressAt : TimeSpan.Zero;

    internal void Received(DateTimeOffset at)
    {
        // From idle to busy: the wait starts now, not when the last delivery was settled long ago.
        if (Interlocked.Increment(ref held) == 1)
        {
            Progressed(at);
        }
    }

    internal void Settled(DateTimeOffset at)
    {
        Interlocked.Decrement(ref held);
        Progressed(at);
    }

    internal void Progressed(DateTimeOffset at) => Interlocked.Exchange(ref lastProgressTicks, at.UtcTicks);

    /// <summary>The channel closed: what it held, the broker delivers again (it counts in the queue's depth meanwhile).</summary>
    internal void ReleasedAll() => Interlocked.Exchange(ref held, 0);
}
