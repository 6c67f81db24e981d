using System.Text.Json;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Anyone may reach a service's API port, so its <c>/health</c> (and <c>/ready</c>) says how the service is and nothing more; why
/// (check descriptions, exception texts, the sync's pause reason, queue names) is for operators, on the
/// management port.
/// </summary>
[Collection(nameof(RunningSystem))]
public sealed class HealthDisclosureTests(RunningSystem system)
{
    [Theory]
    [MemberData(nameof(Services))]
    public async Task The_API_port_s_health_says_the_status_alone_and_the_management_port_s_says_why(string service)
    {
        using var api = system.Client(service);
        using var management = system.ManagementClient(service);

        var told = await ReportAsync(api, "/health");
        var full = await ReportAsync(management, "/health");
        var alive = await ReportAsync(api, "/alive");
        var readiness = await ReportAsync(api, "/ready");
        var fullReadiness = await ReportAsync(management, "/ready");

        Assert.Equal(["status"], told.EnumerateObject().Select(property => property.Name));
        Assert.Contains(told.GetProperty("status").GetString(), new[] { "Healthy", "Degraded", "Unhealthy", "Starting" });
        Assert.Equal(["status"], alive.EnumerateObject().Select(property => property.Name));
        Assert.Equal(["status"], readiness.EnumerateObject().Select(property => property.Name));
        // Readiness is the process and its own database, never the sync: a broker outage must not make a service unready.
        Assert.Equal(new[] { "self", $"{char.ToUpperInvariant(service[0])}{service[1..]}Db" }.Order(StringComparer.Ordinal),
            fullReadiness.GetProperty("checks").EnumerateObject().Select(check => check.Name).Order(StringComparer.Ordinal));
        Assert.True(full.GetProperty("checks").GetProperty("sync").GetProperty("data").TryGetProperty("consumerAttached", out _));
    }

    static async Task<JsonElement> ReportAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static TheoryData<string> Services() => [.. RunningSystem.ServiceNames];
}
