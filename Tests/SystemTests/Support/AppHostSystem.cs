using FoodDelivery.Hosting.Infrastructure;
using FoodDelivery.Contracts;
using FoodDelivery.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The real AppHost in local mode (Debian's RabbitMQ and PostgreSQL as processes), started once for
/// a test collection with a fresh data directory that is removed afterwards; ready once every
/// resource in <paramref name="resources"/> is healthy. The services export their telemetry to the
/// tests' own collector. Subclasses say which shape of the system they start.
/// </summary>
public abstract class AppHostSystem(IReadOnlyList<string> arguments, IReadOnlyList<string> resources, TimeSpan startTimeout)
    : IAsyncLifetime
{
    LocalAppHost? host;

    public DistributedApplication App => host?.App ?? throw new InvalidOperationException("The system has not started.");

    /// <summary>Every span the services exported while the system ran.</summary>
    public TelemetryCollector Telemetry { get; private set; } = null!;

    /// <summary>When every resource had become healthy: what happened before is the start-up.</summary>
    public DateTimeOffset HealthyAt { get; private set; }

    /// <summary>How long the AppHost took from creation until every resource was healthy.</summary>
    public TimeSpan StartDuration => host?.StartDuration ?? TimeSpan.Zero;

    /// <summary>The dashboard this system runs, which then receives the services' telemetry; none unless a subclass asks.</summary>
    public LocalDashboard? Dashboard => host?.Dashboard;

    /// <summary>Whether this shape of the system runs the dashboard (as <c>./run.sh</c> does) instead of exporting to <see cref="Telemetry"/>.</summary>
    protected virtual bool RunsDashboard => false;

    public virtual async Task InitializeAsync()
    {
        // Most systems run no dashboard: the services export to the tests' own collector instead
        // (with no receiver at all, each exporter's retries would also hold a stopping service
        // past the orchestrator's stop timeout).
        Telemetry = await TelemetryCollector.StartAsync();
        host = await LocalAppHost.StartAsync(arguments, resources, startTimeout,
            context =>
            {
                if (RunsDashboard)
                {
                    return;
                }
                context.EnvironmentVariables["OTEL_EXPORTER_OTLP_ENDPOINT"] = Telemetry.Endpoint;
                context.EnvironmentVariables["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
                context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_HEADERS");
            },
            logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(), RunsDashboard);
        HealthyAt = DateTimeOffset.UtcNow;
        Console.WriteLine($"{GetType().Name}: AppHost started, all {resources.Count} resources healthy in {StartDuration.TotalSeconds:F1} s.");
    }

    /// <summary>A client of a service's API port.</summary>
    public HttpClient Client(string service) => App.CreateHttpClient(service, "http");

    /// <summary>A client of a service's management port, where the operator endpoints are (and nothing of the API), without a key.</summary>
    public HttpClient ManagementClient(string service) => App.CreateHttpClient(service, ManagementEndpoint.Name);

    /// <summary>The value of one of the AppHost's parameters (credentials, keys).</summary>
    public async Task<string> ParameterValueAsync(string name) =>
        await App.Services.GetRequiredService<DistributedApplicationModel>()
            .Resources.OfType<ParameterResource>().Single(parameter => parameter.Name == name)
            .GetValueAsync(default)
        ?? throw new InvalidOperationException($"The parameter {name} has no value.");

    /// <summary>
    /// A client of a service's operator endpoints (<c>/sync/*</c>, <c>/operator/*</c>) on its management port, carrying its cluster's
    /// key for <paramref name="scope"/> (the repair key opens everything).
    /// </summary>
    public async Task<HttpClient> OperatorClientAsync(string service, OperatorScope scope = OperatorScope.Repair)
    {
        var key = await OperatorKeyAsync(service, scope);
        var client = ManagementClient(service);
        client.DefaultRequestHeaders.Add(OperatorKeys.Header, key);
        return client;
    }

    /// <summary>The operator key of <paramref name="resource"/>'s cluster (<c>east-sync-read-key</c> for <c>east-menu</c>).</summary>
    public Task<string> OperatorKeyAsync(string resource, OperatorScope scope) =>
        ClusterParameterValueAsync(resource, scope == OperatorScope.Read ? OperatorKeys.ReadKeyParameter : OperatorKeys.RepairKeyParameter);

    /// <summary>
    /// The value of parameter <paramref name="name"/> of <paramref name="resource"/>'s cluster: <c>east-messaging-menu-password</c>
    /// for <c>east-messaging</c> with two clusters, <c>messaging-menu-password</c> with one.
    /// </summary>
    public Task<string> ClusterParameterValueAsync(string resource, string name)
    {
        var parameters = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>();
        var ofCluster = parameters.SingleOrDefault(parameter =>
            parameter.Name.EndsWith($"-{name}", StringComparison.Ordinal) && resource.StartsWith(parameter.Name[..^name.Length], StringComparison.Ordinal));
        return ParameterValueAsync(ofCluster?.Name ?? name);
    }

    /// <summary>The environment the AppHost gives <paramref name="resource"/>'s process.</summary>
    public async Task<Dictionary<string, string>> EnvironmentOfAsync(string resource)
    {
        var target = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(candidate => candidate.Name == resource);
        var configuration = await ExecutionConfigurationBuilder.Create(target)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(App.Services.GetRequiredService<DistributedApplicationExecutionContext>(), NullLogger.Instance, default);
        return configuration.EnvironmentVariables.ToDictionary(variable => variable.Key, variable => variable.Value);
    }

    /// <summary>Runs one of a resource's dashboard commands, as an operator clicking it would.</summary>
    public async Task<ExecuteCommandResult> CommandAsync(string resource, string command)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await CommandAsync(resource, command, timeout.Token);
    }

    /// <summary>Runs a dashboard command that takes arguments, as an operator filling in its dialog would.</summary>
    public async Task<ExecuteCommandResult> CommandAsync(string resource, string command, IReadOnlyDictionary<string, string> arguments)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var inputs = new InteractionInputCollection(
            [.. arguments.Select(argument => new InteractionInput { Name = argument.Key, InputType = InputType.Text, Value = argument.Value })]);
        return await App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command, inputs, timeout.Token);
    }

    /// <summary>Stops a resource through the AppHost's own command, as an operator (or a crash) would.</summary>
    public async Task StopAsync(string resource)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var result = await CommandAsync(resource, KnownResourceCommands.StopCommand, timeout.Token);
        Assert.True(result.Success, $"stopping {resource}: {result.Message}");
        await App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates, timeout.Token);
    }

    /// <summary>
    /// Starts a stopped resource and waits until it is healthy again (two minutes unless <paramref name="within"/> says
    /// otherwise); with <paramref name="degradedWillDo"/>, Degraded counts as up (dead letters other tests left in a
    /// shared system make a service Degraded, not down).
    /// </summary>
    public async Task StartAsync(string resource, TimeSpan? within = null, bool degradedWillDo = false)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromMinutes(2));
        var result = await CommandAsync(resource, KnownResourceCommands.StartCommand, timeout.Token);
        Assert.True(result.Success, $"starting {resource}: {result.Message}");
        // The command returns before the orchestrator reports the new process: until it does, the
        // snapshot still shows the stopped one, which a health wait takes for a failed start.
        await App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.Running, timeout.Token);
        if (degradedWillDo)
        {
            await App.ResourceNotifications.WaitForResourceAsync(resource,
                update => update.Snapshot.HealthStatus is HealthStatus.Healthy or HealthStatus.Degraded, timeout.Token);
            return;
        }
        await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
    }

    Task<ExecuteCommandResult> CommandAsync(string resource, string command, CancellationToken ct) =>
        App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command, ct);

    /// <summary>
    /// A direct connection to a service's database, for assertions the API cannot make, as the server's
    /// superuser: the infrastructure's role, which sees and may change everything. The service itself
    /// logs in with its own role (<see cref="ServiceDatabaseResource"/>).
    /// </summary>
    public async Task<NpgsqlConnection> OpenDatabaseAsync(string database)
    {
        var connection = new NpgsqlConnection(await SuperuserConnectionStringAsync(database));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The superuser's connection string to the database of resource <paramref name="database"/>.</summary>
    public async Task<string> SuperuserConnectionStringAsync(string database)
    {
        var resource = App.Services.GetRequiredService<DistributedApplicationModel>()
            .Resources.OfType<ServiceDatabaseResource>().Single(resource => resource.Name == database);
        var server = await resource.Parent.ConnectionStringExpression.GetValueAsync(default)
            ?? throw new InvalidOperationException($"{resource.Parent.Name} has no connection string.");
        return new NpgsqlConnectionStringBuilder(server) { Database = resource.DatabaseName }.ConnectionString;
    }

    public virtual async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
        if (Telemetry is not null)
        {
            await Telemetry.DisposeAsync();
        }
    }
}
