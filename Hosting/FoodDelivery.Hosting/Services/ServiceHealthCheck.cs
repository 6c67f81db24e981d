using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FoodDelivery.Hosting.Services;

/// <summary>
/// Reads a service's <c>/health</c> report on its management port (the API port's has the status alone)
/// and passes its status on as it is: Aspire's HTTP check only knows "200 or not", which would show a
/// service with dead letters (Degraded, still 200) as Healthy in the dashboard. The description names
/// the checks that are not Healthy.
/// </summary>
public sealed class ServiceHealthCheck(EndpointReference endpoint) : IHealthCheck
{
    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(new Uri(endpoint.Url), "/health"), cancellationToken);
            using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var troubled = report.RootElement.GetProperty("checks").EnumerateObject()
                .Where(check => check.Value.GetProperty("status").GetString() != nameof(HealthStatus.Healthy))
                .Select(check => $"{check.Name}: {(check.Value.TryGetProperty("description", out var why) ? why.GetString() : check.Value.GetProperty("status").GetString())}")
                .ToList();
            var description = troubled.Count == 0 ? null : string.Join("; ", troubled);
            return report.RootElement.GetProperty("status").GetString() switch
            {
                nameof(HealthStatus.Healthy) => HealthCheckResult.Healthy(),
                nameof(HealthStatus.Degraded) => HealthCheckResult.Degraded(description),
                // Not ready yet (a consumer attaching): Aspire has no such status, so not healthy, said plainly.
                "Starting" => HealthCheckResult.Unhealthy($"Starting ({description})"),
                _ => HealthCheckResult.Unhealthy(description),
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{endpoint.Resource.Name} did not report its health: {ex.Message}");
        }
    }
}
