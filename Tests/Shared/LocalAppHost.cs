using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FoodDelivery.Testing;

/// <summary>
/// The real AppHost in local mode (Debian's RabbitMQ and PostgreSQL as processes) with a fresh data directory,
/// without a dashboard unless asked for one, started and ready once every resource it is told to wait for is healthy, and removed
/// with its data when disposed. The system tests' fixtures and the benchmarks start the system through it.
/// Linked into both projects as source: each generates its own <c>Projects.AppHost</c>.
/// </summary>
public sealed class LocalAppHost : IAsyncDisposable
{
    readonly string dataDirectory;

    LocalAppHost(DistributedApplication app, string dataDirectory, TimeSpan startDuration, LocalDashboard? dashboard)
    {
        App = app;
        this.dataDirectory = dataDirectory;
        StartDuration = startDuration;
        Dashboard = dashboard;
    }

    public DistributedApplication App { get; }

    /// <summary>The dashboard, when it was asked for.</summary>
    public LocalDashboard? Dashboard { get; }

    /// <summary>From creating the AppHost to every awaited resource healthy (projects already built).</summary>
    public TimeSpan StartDuration { get; }

    /// <param name="arguments">AppHost configuration beyond local mode (<c>--Clusters:Count=2</c>, ...).</param>
    /// <param name="resources">The resources that must be healthy before the system counts as started.</param>
    /// <param name="serviceEnvironment">Edits every service's environment (where its telemetry goes, engine settings to try).</param>
    /// <param name="logging">What of the AppHost's own log reaches the console.</param>
    /// <param name="withDashboard">Runs the dashboard, which then receives the services' telemetry (the testing builder runs none).</param>
    public static async Task<LocalAppHost> StartAsync(IEnumerable<string> arguments, IEnumerable<string> resources, TimeSpan within,
        Action<EnvironmentCallbackContext> serviceEnvironment, Action<ILoggingBuilder> logging, bool withDashboard = false)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "fooddelivery-" + Guid.NewGuid().ToString("N")[..12]);
        var started = Stopwatch.StartNew();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Infrastructure:Mode=local", $"--Infrastructure:DataDirectory={dataDirectory}", .. arguments],
            (options, _) => options.DisableDashboard = !withDashboard);
        var browserToken = Guid.NewGuid().ToString("N");
        if (withDashboard)
        {
            // Set on the builder, after the testing builder's own defaults (the AppHost's launch profile), so these win.
            foreach (var (key, value) in LocalDashboard.Configuration(browserToken))
            {
                builder.Configuration[key] = value;
            }
        }
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(serviceEnvironment);
        }
        // With a dashboard, the resources' console output is forwarded to the AppHost's log too (stderr as errors): the dashboard shows it.
        builder.Services.AddLogging(builder => logging(builder.AddFilter("Aspire.Hosting.Dcp", LogLevel.Error).AddFilter("AppHost.Resources", LogLevel.None)));
        var app = await builder.BuildAsync();
        var host = new LocalAppHost(app, dataDirectory, TimeSpan.Zero, null);
        var report = new StartupReport(app);
        using var giveUp = new CancellationTokenSource(within);
        var healthy = StartAndWaitAsync(app, resources, giveUp.Token);
        try
        {
            if (await Task.WhenAny(healthy, report.ResourceStopped) != healthy)
            {
                // A resource that stopped will not become healthy: say so now rather than after the whole timeout.
                throw new DistributedApplicationException(
                    $"The system did not start: {await report.ResourceStopped} stopped. {report.Describe()}");
            }
            await healthy;
        }
        catch (Exception failure)
        {
            var timedOut = failure is OperationCanceledException && giveUp.IsCancellationRequested;
            var description = report.Describe();
            await giveUp.CancelAsync();
            await Task.WhenAny(healthy); // lets it end without rethrowing what already failed
            await report.DisposeAsync();
            await host.DisposeAsync();
            if (timedOut)
            {
                throw new TimeoutException($"The system did not start within {within}. {description}", failure);
            }
            throw;
        }
        await report.DisposeAsync();
        return new LocalAppHost(app, dataDirectory, started.Elapsed, withDashboard ? new LocalDashboard(DashboardAddress(app), browserToken) : null);
    }

    static async Task StartAndWaitAsync(DistributedApplication app, IEnumerable<string> resources, CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken);
        await Task.WhenAll(resources.Select(name => app.ResourceNotifications.WaitForResourceHealthyAsync(name, cancellationToken)));
    }

    // The orchestrator puts a proxy with a port of its own in front of the dashboard: that allocated address is the one to browse.
    static Uri DashboardAddress(DistributedApplication app)
    {
        var dashboard = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<IResourceWithEndpoints>()
            .Single(resource => resource.Name == LocalDashboard.ResourceName);
        return new Uri(dashboard.GetEndpoints().First(endpoint => endpoint.IsAllocated && endpoint.Scheme == "http").Url);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        // The servers may still be flushing for a moment after they were told to stop.
        for (var attempt = 0; attempt < 10 && Directory.Exists(dataDirectory); attempt++)
        {
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}
