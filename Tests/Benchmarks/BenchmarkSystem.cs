using System.Collections.Concurrent;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FoodDelivery.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FoodDelivery.Benchmarks;

/// <summary>The real AppHost in local mode with a fresh data directory (<see cref="LocalAppHost"/>, as the tests run it), and what the benchmarks read of it.</summary>
public sealed class BenchmarkSystem : IAsyncDisposable
{
    public static readonly string[] ServiceNames = [.. FoodDelivery.Contracts.ServiceCatalogue.Services.Select(service => service.Name)];

    static readonly string[] InfrastructureNames = ["messaging", "postgres"];

    /// <summary>The clusters' names when the AppHost models two (<c>Clusters:Count=2</c>): resources are prefixed with them.</summary>
    public static readonly string[] ClusterNames = ["east", "west"];

    readonly LocalAppHost host;
    readonly DistributedApplication app;
    readonly CancellationTokenSource stopping = new();
    // By the orchestrator's instance id: a service scaled out has one snapshot per replica.
    readonly ConcurrentDictionary<string, (string Resource, CustomResourceSnapshot Snapshot)> snapshots = new();
    readonly Task watching;

    BenchmarkSystem(LocalAppHost host)
    {
        this.host = host;
        app = host.App;
        watching = WatchAsync(stopping.Token);
    }

    /// <summary>From creating the AppHost to every resource healthy (projects already built).</summary>
    public TimeSpan ColdStart => host.StartDuration;

    /// <param name="serviceEnvironment">
    /// Extra environment variables for every service (e.g. <c>Sync__ConsumerConcurrency=16</c>), to try
    /// engine or runtime settings without editing the services or the AppHost.
    /// </param>
    /// <param name="clusters">1, or 2 for two federated clusters (resources named <c>east-restaurants</c>, ...).</param>
    /// <param name="replicas">Processes per service (the AppHost's <c>Services:Replicas</c>).</param>
    public static async Task<BenchmarkSystem> StartAsync(IReadOnlyDictionary<string, string> serviceEnvironment, int clusters = 1, int replicas = 1)
    {
        var names = InfrastructureNames.Concat(ServiceNames).ToList();
        if (clusters > 1)
        {
            names = ClusterNames.SelectMany(cluster => names.Select(name => $"{cluster}-{name}")).ToList();
        }
        var host = await LocalAppHost.StartAsync([$"--Clusters:Count={clusters}", $"--Services:Replicas={replicas}"], names,
            TimeSpan.FromMinutes(5 * clusters),
            // No dashboard here, so nothing receives OTLP: without this, each service's exporter keeps
            // retrying at shutdown for longer than the orchestrator waits for a stopped process.
            context =>
            {
                context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
                foreach (var (name, value) in serviceEnvironment)
                {
                    context.EnvironmentVariables[name] = value;
                }
            },
            // Resource logs would flood the console (and slow the run): warnings of the AppHost only.
            logging => logging
                .SetMinimumLevel(LogLevel.Warning)
                .AddFilter("AppHost.Resources", LogLevel.None)
                // Every probe that fails while the servers start would print a stack trace.
                .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        return new BenchmarkSystem(host);
    }

    public Uri Endpoint(string service) => app.GetEndpoint(service, "http");

    public async Task<string> ConnectionStringAsync(string resource) =>
        await app.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string.");

    public async Task<NpgsqlConnection> OpenDatabaseAsync(string database)
    {
        var connection = new NpgsqlConnection(await ConnectionStringAsync(database));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>
    /// The process ids the orchestrator reports for a resource's running instances (<c>executable.pid</c>; one
    /// per replica). Read from the resource snapshots, so a restarted service's new process is found.
    /// </summary>
    public IReadOnlyList<int> ProcessIds(string resource) =>
        snapshots.Values
            .Where(instance => instance.Resource == resource && instance.Snapshot.State?.Text == KnownResourceStates.Running)
            .Select(instance => instance.Snapshot.Properties.FirstOrDefault(property => property.Name == "executable.pid")?.Value)
            .OfType<object>()
            .Select(pid => Convert.ToInt32(pid, CultureInfo.InvariantCulture))
            .ToList();

    /// <summary>
    /// The orchestrator's names for a resource's instances: the resource's own name, or one name per replica when
    /// it is scaled out (the commands take those, not the resource's name).
    /// </summary>
    IReadOnlyList<string> InstancesOf(string resource)
    {
        var replicas = InstanceIds(resource);
        return replicas.Count > 1 ? replicas : [resource];
    }

    /// <summary>The instance ids the snapshots carry for a resource (one per replica).</summary>
    List<string> InstanceIds(string resource) =>
        snapshots.Where(instance => instance.Value.Resource == resource).Select(instance => instance.Key).ToList();

    /// <summary>Stops a resource (every replica of it) through the AppHost's own command, as an operator (or a crash) would.</summary>
    public async Task StopAsync(string resource)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var instances = InstancesOf(resource);
        foreach (var instance in instances)
        {
            var result = await app.Services.GetRequiredService<ResourceCommandService>()
                .ExecuteCommandAsync(instance, KnownResourceCommands.StopCommand, timeout.Token);
            if (!result.Success)
            {
                throw new InvalidOperationException($"Stopping {instance} failed: {result.Message}");
            }
        }
        while (!InstanceIds(resource).All(instance => KnownResourceStates.TerminalStates.Contains(snapshots[instance].Snapshot.State?.Text)))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
        }
    }

    /// <summary>Starts a stopped resource, every replica of it (returns once the commands are accepted, not once healthy).</summary>
    public async Task StartAsync(string resource)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        foreach (var instance in InstancesOf(resource))
        {
            var result = await app.Services.GetRequiredService<ResourceCommandService>()
                .ExecuteCommandAsync(instance, KnownResourceCommands.StartCommand, timeout.Token);
            if (!result.Success)
            {
                throw new InvalidOperationException($"Starting {instance} failed: {result.Message}");
            }
        }
    }

    public async Task WaitHealthyAsync(string resource, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
    }

    /// <summary>The value of an AppHost parameter (generated secrets included).</summary>
    public async Task<string> ParameterAsync(string name) =>
        await app.Services.GetRequiredService<DistributedApplicationModel>()
            .Resources.OfType<ParameterResource>().Single(parameter => parameter.Name == name)
            .GetValueAsync(default) ?? "";

    async Task WatchAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var update in app.ResourceNotifications.WatchAsync(ct))
            {
                snapshots[update.ResourceId] = (update.Resource.Name, update.Snapshot);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await watching;
        stopping.Dispose();
        await host.DisposeAsync();
    }
}
