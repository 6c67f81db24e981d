using FoodDelivery.Sync.Monitoring;
using FoodDelivery.Sync.Startup;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FoodDelivery.Sync.Tests;

/// <summary>A broker the engine refuses (its version outside the range) makes the sync Unhealthy with the refusal, at once.</summary>
public sealed class BrokerRefusalHealthTests
{
    [Fact]
    public async Task A_refused_broker_is_unhealthy_with_the_refusal_and_not_starting()
    {
        var refusal = SupportedServer.RabbitMq.Refusal("5.0.0")!;
        var status = new SyncStatus { BrokerRefused = refusal };

        var result = await new SyncHealthCheck(status, new SyncHealthOptions(), TimeProvider.System)
            .CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(refusal, result.Description);
        Assert.False(result.Data.ContainsKey(SyncHealthCheck.StartingKey));
    }
}
