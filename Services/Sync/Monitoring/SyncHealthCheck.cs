using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FoodDelivery.Sync.Monitoring;

/// <summary>
/// The sync's part of <c>/health</c>: Unhealthy when the broker's version is outside the supported range, when it
/// lacks the topology this service needs, when the consumer is detached or the oldest
/// unpublished outbox row is older than the threshold; Degraded when deliveries wait but none has been settled for
/// <see cref="SyncHealthOptions.StallAfter"/> (stalled: the reason is in the data), or when dead letters wait for an operator.
/// A consumer that has not attached yet during start-up (within <see cref="SyncHealthOptions.StartGrace"/>)
/// is starting: not ready, with <c>starting</c> in its data, which the service defaults neither log nor show as an error.
/// </summary>
internal sealed class SyncHealthCheck(SyncStatus status, SyncHealthOptions thresholds, TimeProvider time) : IHealthCheck
{
    /// <summary>The data key that marks a check as starting (the service defaults' convention).</summary>
    public const string StartingKey = "starting";

    static readonly DateTimeOffset ProcessStartedAt = System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var oldestPendingAge = status.OldestPendingCommittedAt is { } oldest ? now - oldest : TimeSpan.Zero;
        var data = new Dictionary<string, object>
        {
            ["consumerAttached"] = status.ConsumerAttached,
            ["outboxBacklog"] = status.OutboxBacklog,
            ["oldestPendingSeconds"] = Math.Round(oldestPendingAge.TotalSeconds, 1),
            ["queueDepth"] = status.QueueDepth,
            ["deadLetters"] = status.DeadLetters,
        };
        if (status.PausedBecause is { } pause)
        {
            data["pausedBecause"] = pause;
        }
        // The consumer holds up to a prefetch of deliveries unacknowledged (the rest wait in the queue, counted above):
        // held ones and none settled for a while is a stall, whatever the appliers wait on.
        var held = status.Held;
        data["held"] = held;
        var sinceProgress = status.StalledFor(now);
        var stalled = sinceProgress > thresholds.StallAfter;
        if (stalled)
        {
            data["stalledSeconds"] = Math.Round(sinceProgress.TotalSeconds, 1);
            data["stalledBecause"] = status.PausedBecause ?? "no applier has finished a delivery (waiting on the database)";
        }

        var starting = status is { ConsumerAttached: false, Attachments: 0, TopologyProblem: null, BrokerRefused: null }
                       && now - ProcessStartedAt < thresholds.StartGrace;
        if (starting)
        {
            data[StartingKey] = true;
        }

        var result = (status.BrokerRefused ?? status.TopologyProblem) is { } missing
            ? HealthCheckResult.Unhealthy(missing, data: data)
            : starting
            ? HealthCheckResult.Unhealthy("Starting: the consumer is attaching to its queue.", data: data)
            : !status.ConsumerAttached
            ? HealthCheckResult.Unhealthy("The consumer is not attached to its queue.", data: data)
            : oldestPendingAge > thresholds.MaxOutboxAge
                ? HealthCheckResult.Unhealthy($"The oldest unpublished change is {oldestPendingAge.TotalSeconds:F0} s old.", data: data)
                : stalled
                ? HealthCheckResult.Degraded(
                    $"Stalled: {held} deliveries held, {status.QueueDepth} more queued, and none was settled for {sinceProgress.TotalSeconds:F0} s ({data["stalledBecause"]}).", data: data)
                : status.DeadLetters > 0
                    ? HealthCheckResult.Degraded($"{status.DeadLetters} dead letters wait in the dead-letter queue.", data: data)
                    : HealthCheckResult.Healthy("Consuming; the outbox is flowing.", data);
        return Task.FromResult(result);
    }
}
