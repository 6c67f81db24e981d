using System.Text.Json;

namespace FoodDelivery.SystemTests;

[Collection(nameof(RunningSystem))]
public sealed class SystemStartupTests(RunningSystem system)
{
    [Fact]
    public void Every_resource_is_running_and_healthy()
    {
        foreach (var name in RunningSystem.AllResourceNames)
        {
            Assert.True(system.App.ResourceNotifications.TryGetCurrentState(name, out var resource), $"{name} has no state");
            Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, resource.Snapshot.HealthStatus);
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Each_service_reports_its_database_and_sync_in_health_and_answers_liveness(string service)
    {
        using var client = system.ManagementClient(service);

        // Eventually: this collection's dead-letter tests drain what they dead-lettered, and the sync counts the queue
        // again every 5 s; until then a service that had one reads Degraded (correctly).
        await Eventually.AssertAsync(async () =>
        {
            using var health = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            using var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
            var checks = report.RootElement.GetProperty("checks").EnumerateObject().Select(check => check.Name).ToList();
            Assert.Contains(checks, name => name.Contains("Db", StringComparison.Ordinal));
            // Every service runs the sync engine: its consumer is attached to the service's own queue.
            var sync = report.RootElement.GetProperty("checks").GetProperty("sync");
            Assert.True(sync.GetProperty("data").GetProperty("consumerAttached").GetBoolean());
        });

        using var alive = await client.GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Each_service_publishes_an_openapi_document(string service)
    {
        using var client = system.Client(service);
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        Assert.True(document.RootElement.GetProperty("paths").EnumerateObject().Any());
    }

    public static TheoryData<string> Services() => [.. RunningSystem.ServiceNames];
}
