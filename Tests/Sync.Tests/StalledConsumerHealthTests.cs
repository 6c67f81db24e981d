using FoodDelivery.Sync.Monitoring;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FoodDelivery.Sync.Tests;

/// <summary>
/// A consumer that holds deliveries and settles none for <see cref="SyncHealthOptions.StallAfter"/> is Degraded with the
/// reason in the data; one that is merely idle, or busy and moving, is not. The clock is set, not waited for.
/// </summary>
public sealed class StalledConsumerHealthTests
{
    static readonly DateTimeOffset Start = new(2026, 12, 5, 4, 0, 0, TimeSpan.Zero);
    static readonly SyncHealthOptions Thresholds = new() { StallAfter = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task Deliveries_held_and_none_settled_past_the_bound_is_degraded_with_the_reason()
    {
        var status = AttachedAt(Start);
        status.Received(Start);
        status.Received(Start);
        status.PausedBecause = "OrderChanged 0193 parked: PostgresException: 55P03: canceling statement due to lock timeout";

        var result = await CheckAtAsync(status, Start.AddSeconds(61));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.StartsWith("Stalled: 2 deliveries held", result.Description, StringComparison.Ordinal);
        Assert.Equal(status.PausedBecause, result.Data["stalledBecause"]);
        Assert.Equal(61.0, result.Data["stalledSeconds"]);
    }

    [Fact]
    public async Task Deliveries_held_while_others_are_settled_is_healthy()
    {
        var status = AttachedAt(Start);
        status.Received(Start);
        status.Received(Start);
        status.Settled(Start.AddSeconds(50));

        var result = await CheckAtAsync(status, Start.AddSeconds(100));

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.False(result.Data.ContainsKey("stalledSeconds"));
    }

    [Fact]
    public async Task A_consumer_idle_for_long_that_just_took_a_delivery_is_healthy()
    {
        var status = AttachedAt(Start);
        status.Received(Start.AddHours(3));

        Assert.Equal(HealthStatus.Healthy, (await CheckAtAsync(status, Start.AddHours(3).AddSeconds(1))).Status);
    }

    [Fact]
    public async Task An_idle_consumer_is_healthy()
    {
        var status = AttachedAt(Start);
        status.Received(Start);
        status.Settled(Start);

        Assert.Equal(HealthStatus.Healthy, (await CheckAtAsync(status, Start.AddHours(3))).Status);
    }

    static SyncStatus AttachedAt(DateTimeOffset at)
    {
        var status = new SyncStatus();
        status.Attached();
        status.Progressed(at);
        return status;
    }

    static Task<HealthCheckResult> CheckAtAsync(SyncStatus status, DateTimeOffset now) =>
        new SyncHealthCheck(status, Thresholds, new FixedClock(now)).CheckHealthAsync(new HealthCheckContext());

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
