using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FoodDelivery.Benchmarks;

/// <summary>The real AppHost in local mode with a fresh data directory, as the tests run it.</summary>
public sealed class BenchmarkSystem : IAsyncDisposable
{
    static readonly string[] Resources =
        ["messaging", "postgres", "accounts", "restaurants", "menu", "orders", "payments", "delivery", "reviews"];

    readonly DistributedApplication app;
    readonly string dataDirectory;

    BenchmarkSystem(DistributedApplication app, string dataDirectory, TimeSpan coldStart)
    {
        this.app = app;
        this.dataDirectory = dataDirectory;
        ColdStart = coldStart;
    }

    public TimeSpan ColdStart { get; }

    public static async Task<BenchmarkSystem> StartAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "fooddelivery-bench-" + Guid.NewGuid().ToString("N")[..12]);
        var started = Stopwatch.StartNew();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Infrastructure:Mode=local", $"--Infrastructure:DataDirectory={dataDirectory}"],
            (options, _) => options.DisableDashboard = true);
        // No dashboard here, so nothing receives OTLP: without this, each service's exporter keeps
        // retrying at shutdown for longer than the orchestrator waits for a stopped process.
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        }
        // Resource logs would flood the console (and slow the run): warnings of the AppHost only.
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("AppHost.Resources", LogLevel.None)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Error));
        var app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await app.StartAsync(timeout.Token);
        await Task.WhenAll(Resources.Select(name => app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token)));
        return new BenchmarkSystem(app, dataDirectory, started.Elapsed);
    }

    public HttpClient Client(string service) => app.CreateHttpClient(service);

    public async Task<NpgsqlConnection> OpenDatabaseAsync(string database)
    {
        var connection = new NpgsqlConnection(await app.GetConnectionStringAsync(database));
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; harmless.
        }
    }
}
