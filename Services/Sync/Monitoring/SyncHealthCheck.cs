using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FoodDelivery.Sync.Monitoring;

/// <summary>
/// The sync's part of <c>/health</c>: Unhealthy when the broker lacks the topology this service
/// needs, when the consumer is detached or the oldest
/// unpublished outbox row is older than the threshold; Degraded when dead letters wait for an operator.
/// </summary>
public sealed class SyncHealthCheck(SyncStatus status, SyncHealthOptions thresholds, TimeProvider time) : IHealthCheck
{
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

        var result = status.TopologyProblem is { } missing
            ? HealthCheckResult.Unhealthy(missing, data: data)
            : !status.ConsumerAttached
            ? HealthCheckResult.Unhealthy("The consumer is not attached to its queue.", data: data)
            : oldestPendingAge > thresholds.MaxOutboxAge
                ? HealthCheckResult.Unhealthy($"The oldest unpublished change is {oldestPendingAge.TotalSeconds:F0} s old.", data: data)
                : status.DeadLetters > 0
                    ? HealthCheckResult.Degraded($"{status.DeadLetters} dead letters wait in the dead-letter queue.", data: data)
                    : HealthCheckResult.Healthy("Consuming; the outbox is flowing.", data);
        return Task.FromResult(result);
    }
}
