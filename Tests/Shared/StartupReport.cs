using System.Collections.Concurrent;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FoodDelivery.Testing;

/// <summary>
/// What each resource of a starting AppHost last reported (state, health, the last lines of its console), so that a start
/// that fails says which resource held it up and why instead of a bare cancellation. Resources' logs are below the tests'
/// log level and their data directory is removed afterwards, so this is the only record a failed start leaves.
/// Watches only while the system starts: disposed once it is up.
/// </summary>
public sealed class StartupReport : IAsyncDisposable
{
    const int LinesKept = 15;

    readonly ConcurrentDictionary<string, CustomResourceSnapshot> states = new();
    readonly ConcurrentDictionary<string, Queue<string>> consoles = new();
    readonly TaskCompletionSource<string> stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly CancellationTokenSource watching = new();
    readonly List<Task> watches = [];
    readonly ResourceLoggerService logs;

    public StartupReport(DistributedApplication app)
    {
        logs = app.Services.GetRequiredService<ResourceLoggerService>();
        lock (watches)
        {
            // Under the lock: the watch may already be adding console watches from another thread.
            watches.Add(WatchStatesAsync(app.ResourceNotifications));
        }
    }

    /// <summary>Completes with a resource's id when one stops (exits or fails to start) while the system starts: it will not become healthy.</summary>
    public Task<string> ResourceStopped => stopped.Task;

    /// <summary>
    /// The resources that are neither healthy nor waiting for another (state, exit code, failing health checks), then the
    /// ones waiting, then the last lines of the console of each of the first kind.
    /// </summary>
    public string Describe()
    {
        var notReady = states.Where(state => !IsReady(state.Value)).OrderBy(state => state.Key, StringComparer.Ordinal).ToList();
        var waiting = notReady.Where(state => IsWaiting(state.Value)).Select(state => state.Key).ToList();
        var failing = notReady.Where(state => !IsWaiting(state.Value)).ToList();
        if (notReady.Count == 0)
        {
            return "every resource was running and healthy.";
        }
        var text = new StringBuilder();
        text.AppendJoin("; ", failing.Select(state => $"{state.Key} {Summary(state.Value)}"));
        if (waiting.Count > 0)
        {
            text.Append(failing.Count > 0 ? ". " : "").Append("Waiting: ").AppendJoin(", ", waiting);
        }
        text.Append('.');
        foreach (var (id, _) in failing)
        {
            if (consoles.TryGetValue(id, out var lines))
            {
                lock (lines)
                {
                    if (lines.Count > 0)
                    {
                        text.AppendLine().Append("--- ").Append(id).AppendLine(", last lines of its console:").AppendJoin(Environment.NewLine, lines);
                    }
                }
            }
        }
        return text.ToString();
    }

    // Ready, or started explicitly by an operator (the rebuilders), which a start does not wait for.
    static bool IsReady(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.NotStarted
        || (snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus is null or HealthStatus.Healthy);

    static bool IsWaiting(CustomResourceSnapshot snapshot) => snapshot.State?.Text == KnownResourceStates.Waiting;

    static string Summary(CustomResourceSnapshot snapshot)
    {
        var state = snapshot.State?.Text is { Length: > 0 } text ? text : "not started";
        var exit = snapshot.ExitCode is { } code ? $" (exit code {code})" : "";
        var failing = snapshot.HealthReports.Where(report => report.Status is { } status && status != HealthStatus.Healthy)
            .Select(report => $"{report.Name}: {report.Status}{(report.ExceptionText is { } error ? " " + FirstLine(error) : "")}")
            .ToList();
        return failing.Count == 0 ? state + exit : $"{state}{exit} [{string.Join("; ", failing)}]";
    }

    static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    async Task WatchStatesAsync(ResourceNotificationService notifications)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(watching.Token))
            {
                if (change.Resource is ParameterResource)
                {
                    continue;
                }
                states[change.ResourceId] = change.Snapshot;
                if (consoles.TryAdd(change.ResourceId, new Queue<string>()))
                {
                    lock (watches)
                    {
                        watches.Add(WatchConsoleAsync(change.ResourceId));
                    }
                }
                if (change.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state))
                {
                    stopped.TrySetResult(change.ResourceId);
                }
            }
        }
        catch (Exception)
        {
            // Disposed (the system is up or has been given up on), or the app went away: a report never fails a start.
        }
    }

    async Task WatchConsoleAsync(string resourceId)
    {
        var lines = consoles[resourceId];
        try
        {
            await foreach (var batch in logs.WatchAsync(resourceId).WithCancellation(watching.Token))
            {
                lock (lines)
                {
                    foreach (var line in batch)
                    {
                        lines.Enqueue(line.IsErrorMessage ? "[stderr] " + line.Content : line.Content);
                        while (lines.Count > LinesKept)
                        {
                            lines.Dequeue();
                        }
                    }
                }
            }
        }
        catch (Exception)
        {
            // As above: cancelled when disposed, and a report never fails a start.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await watching.CancelAsync();
        Task[] all;
        lock (watches)
        {
            all = [.. watches];
        }
        await Task.WhenAll(all);
        watching.Dispose();
    }
}
