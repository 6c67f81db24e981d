using System.Diagnostics;
using System.Diagnostics.Metrics;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Monitoring;
using FoodDelivery.Sync.Outbox;

namespace FoodDelivery.Sync.Telemetry;

/// <summary>
/// The engine's one Meter. Counter names follow OpenTelemetry's messaging conventions; the lag
/// histogram (apply time minus the owner's commit time) and the outbox backlog are our own. Each
/// count also goes to <see cref="SyncStatus"/>, so the status endpoint and the Meter cannot disagree.
/// </summary>
internal sealed class SyncMetrics : IDisposable
{
    public const string MeterName = FoodDelivery.Contracts.SyncTelemetryName.Value;

    readonly Meter meter;
    readonly SyncStatus status;
    readonly Counter<long> published;
    readonly Counter<long> consumed;
    readonly Histogram<double> lag;
    readonly Counter<long> consumerAttachments;
    readonly Counter<long> outboxReads;

    public SyncMetrics(IMeterFactory meters, SyncStatus status)
    {
        this.status = status;
        meter = meters.Create(MeterName);
        published = meter.CreateCounter<long>("messaging.client.sent.messages", "{message}", "Change events published and confirmed by the broker.");
        consumed = meter.CreateCounter<long>("messaging.client.consumed.messages", "{message}", "Change events consumed, by type and outcome.");
        lag = meter.CreateHistogram<double>("fooddelivery.sync.replication.lag", "s", "Apply time minus the owner's commit time.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        consumerAttachments = meter.CreateCounter<long>("fooddelivery.sync.consumer.attachments", "{attachment}", "Times the consumer (re)attached to its queue.");
        // What the relay's reads cost and what woke them: a read that finds nothing is pure overhead.
        outboxReads = meter.CreateCounter<long>("fooddelivery.sync.outbox.reads", "{read}",
            "The relay's reads of pending outbox rows, by what made it look and whether it found any.");
        meter.CreateObservableGauge("fooddelivery.sync.outbox.backlog", () => status.OutboxBacklog, "{message}", "Outbox rows not yet published.");
        meter.CreateObservableGauge("fooddelivery.sync.queue.depth", () => status.QueueDepth, "{message}", "Messages ready in this service's queue.");
        meter.CreateObservableGauge("fooddelivery.sync.dead_letters", () => status.DeadLetters, "{message}", "Messages in this service's dead-letter queue.");
        // For alerts: a stuck outbox and a detached consumer, as the health check judges them.
        meter.CreateObservableGauge("fooddelivery.sync.outbox.oldest_age",
            () => status.OldestPendingCommittedAt is { } oldest ? Math.Max(0, (DateTimeOffset.UtcNow - oldest).TotalSeconds) : 0,
            "s", "Age of the oldest unpublished outbox row (0 when none waits).");
        meter.CreateObservableGauge("fooddelivery.sync.consumer.attached", () => status.ConsumerAttached ? 1 : 0,
            "{consumer}", "1 while the consumer is attached to its queue, else 0.");
        // A consumer attached but not moving (stalled on a lock, a hung database): what attached alone cannot show.
        meter.CreateObservableGauge("fooddelivery.sync.consumer.stalled", () => status.StalledFor(DateTimeOffset.UtcNow).TotalSeconds,
            "s", "How long the consumer has held deliveries without settling any (0 when it holds none).");
    }

    public void Published(string exchange, string eventType)
    {
        status.CountPublished();
        published.Add(1, new TagList { { "messaging.system", "rabbitmq" }, { "messaging.destination.name", exchange }, { "fooddelivery.sync.event_type", eventType } });
    }

    public void Consumed(string queue, string eventType, ChangeOutcome outcome)
    {
        status.Count(outcome);
        consumed.Add(1, new TagList
        {
            { "messaging.system", "rabbitmq" },
            { "messaging.destination.name", queue },
            { "fooddelivery.sync.event_type", eventType },
            { "fooddelivery.sync.outcome", outcome.RecordedName() },
        });
    }

    public void Lag(string eventType, TimeSpan value) =>
        lag.Record(Math.Max(0, value.TotalSeconds), new TagList { { "fooddelivery.sync.event_type", eventType } });

    public void OutboxRead(RelayReadReason reason, bool found) => outboxReads.Add(1, new TagList
    {
        { "fooddelivery.sync.outbox.read_reason", reason.RecordedName() },
        { "fooddelivery.sync.outbox.found", found ? "rows" : "none" },
    });

    public void ConsumerAttached()
    {
        status.Attached();
        consumerAttachments.Add(1);
    }

    public void Dispose() => meter.Dispose();
}
