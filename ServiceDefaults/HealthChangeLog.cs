using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Logs each health check when its status changes, not on every probe: Unhealthy at Error, Degraded at
/// Warning, a recovery at Information. A check that reports <see cref="StartingKey"/> in its data is
/// still starting (a consumer not attached yet): not ready, but nothing to alarm anyone, so not logged.
/// So is the whole service until its first Healthy report (migrating, connecting), unless that takes
/// longer than <see cref="StartGrace"/>: then what is still failing is logged.
/// </summary>
public sealed partial class HealthChangeLog(ILogger<HealthChangeLog> logger, TimeProvider time) : IHealthCheckPublisher
{
    /// <summary>How long a start may take before its failing checks are logged.</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(2);

    readonly DateTimeOffset createdAt = time.GetUtcNow();
    bool started;

    /// <summary>The category whose once-per-probe entries this log replaces.</summary>
    public const string DefaultHealthCheckServiceCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    /// <summary>The data key a health check sets (to <c>true</c>) while it is starting rather than failing.</summary>
    public const string StartingKey = "starting";

    readonly ConcurrentDictionary<string, HealthStatus> reported = new();

    public static bool IsStarting(HealthReportEntry entry) =>
        entry.Status != HealthStatus.Healthy && entry.Data.TryGetValue(StartingKey, out var starting) && starting is true;

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        if (!started)
        {
            started = report.Status == HealthStatus.Healthy || time.GetUtcNow() - createdAt > StartGrace;
            if (!started)
            {
                return Task.CompletedTask;
            }
        }
        foreach (var (name, entry) in report.Entries)
        {
            if (IsStarting(entry))
            {
                continue;
            }
            // A check seen for the first time counts as having been healthy: a healthy start logs nothing.
            var previous = reported.GetValueOrDefault(name, HealthStatus.Healthy);
            reported[name] = entry.Status;
            if (previous == entry.Status)
            {
                continue;
            }
            switch (entry.Status)
            {
                case HealthStatus.Unhealthy:
                    LogUnhealthy(name, entry.Description ?? entry.Exception?.Message ?? "no description");
                    break;
                case HealthStatus.Degraded:
                    LogDegraded(name, entry.Description ?? "no description");
                    break;
                default:
                    LogRecovered(name, previous);
                    break;
            }
        }
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Health check {Check} is Unhealthy: {Description}")]
    partial void LogUnhealthy(string check, string description);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check {Check} is Degraded: {Description}")]
    partial void LogDegraded(string check, string description);

    [LoggerMessage(Level = LogLevel.Information, Message = "Health check {Check} is Healthy again (was {Previous}).")]
    partial void LogRecovered(string check, HealthStatus previous);
}
