using System.Diagnostics;
using System.Net.Sockets;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.SystemTests;

/// <summary>
/// One more process of a service, started from its build output with the environment the AppHost gives the service
/// (its database, its broker user, its keys) and whatever a test changes in it: the service as a deployment would run
/// it with other settings, without starting another AppHost. It serves its API (and, lacking a management port, the
/// operator endpoints) on one loopback port of its own, exports no telemetry, and is killed when disposed.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly Process process;
    readonly Queue<string> lastLines = new();

    ServiceProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    public HttpClient Client() => new() { BaseAddress = Address };

    /// <param name="changes">Variables to set; a null value removes the variable.</param>
    public static async Task<ServiceProcess> StartAsync(AppHostSystem system, string service, IReadOnlyDictionary<string, string?> changes)
    {
        var environment = await system.EnvironmentOfAsync(service);
        foreach (var name in environment.Keys.Where(name =>
            name.StartsWith("OTEL_", StringComparison.Ordinal) || name.EndsWith("HTTP_PORTS", StringComparison.Ordinal)
            || name.EndsWith("HTTPS_PORTS", StringComparison.Ordinal) || name == "Management__Port").ToList())
        {
            environment.Remove(name);
        }
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        environment["ASPNETCORE_URLS"] = address.ToString();
        foreach (var (name, value) in changes)
        {
            if (value is null)
            {
                environment.Remove(name);
            }
            else
            {
                environment[name] = value;
            }
        }

        var assembly = BuildOutput(system, service);
        var start = new ProcessStartInfo("dotnet", assembly)
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } inherited)
            {
                start.Environment[name] = inherited;
            }
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var started = new ServiceProcess(Process.Start(start)!, address);
        started.process.OutputDataReceived += (_, line) => started.Remember(line.Data);
        started.process.ErrorDataReceived += (_, line) => started.Remember(line.Data);
        started.process.BeginOutputReadLine();
        started.process.BeginErrorReadLine();
        try
        {
            using var client = started.Client();
            client.Timeout = TimeSpan.FromSeconds(5);
            await Eventually.AssertAsync(async () =>
            {
                Assert.False(started.process.HasExited, $"{service} exited: {started.Output}");
                using var alive = await client.GetAsync("/alive");
                Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
            }, TimeSpan.FromMinutes(1));
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
        return started;
    }

    string Output
    {
        get
        {
            lock (lastLines)
            {
                return string.Join('\n', lastLines);
            }
        }
    }

    void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (lastLines)
        {
            lastLines.Enqueue(line);
            if (lastLines.Count > 40)
            {
                lastLines.Dequeue();
            }
        }
    }

    // Where the AppHost's build put the service (BuiltServiceLaunch): bin/<configuration>/net10.0 beside its project.
    static string BuildOutput(AppHostSystem system, string service)
    {
        var project = system.App.Services.GetRequiredService<DistributedApplicationModel>()
            .Resources.OfType<ProjectResource>().Single(resource => resource.Name == service).GetProjectMetadata().ProjectPath;
        var configuration = typeof(ServiceProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        return Path.Combine(Path.GetDirectoryName(project)!, "bin", configuration, "net10.0", Path.GetFileNameWithoutExtension(project) + ".dll");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
