using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.SystemTests;

/// <summary>
/// The AppHost with every service scaled out to two processes (<c>Services:Replicas=2</c>): competing
/// consumers on each queue, relays taking turns, requests balanced by the orchestrator's proxy. Broken on
/// purpose (a replica of each service is stopped), so it runs alone.
/// </summary>
public sealed class ReplicatedSystem : RunningSystem
{
    public ReplicatedSystem()
        : base(["--Services:Replicas=2"], TimeSpan.FromMinutes(6))
    {
    }

    public const int Replicas = 2;

    /// <summary>The orchestrator's instance names of each service's replicas (what its commands take).</summary>
    public async Task<Dictionary<string, List<string>>> ReplicaIdsAsync()
    {
        var found = ServiceNames.ToDictionary(service => service, _ => new SortedSet<string>(StringComparer.Ordinal));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await foreach (var resource in App.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (found.TryGetValue(resource.Resource.Name, out var ids))
            {
                ids.Add(resource.ResourceId);
            }
            if (found.Values.All(ids => ids.Count >= Replicas))
            {
                break;
            }
        }
        return found.ToDictionary(pair => pair.Key, pair => pair.Value.ToList());
    }

    /// <summary>
    /// Stops one replica through the orchestrator's command (SIGTERM to the process) and waits until that process has
    /// ended; returns how long that took from the command and the process's exit code.
    /// </summary>
    public async Task<ReplicaStop> StopReplicaAsync(string replicaId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(replicaId, KnownResourceCommands.StopCommand, timeout.Token);
        Assert.True(result.Success, $"stopping {replicaId}: {result.Message}");
        await foreach (var resource in App.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (resource.ResourceId == replicaId && KnownResourceStates.TerminalStates.Contains(resource.Snapshot.State?.Text))
            {
                return new ReplicaStop(replicaId, clock.Elapsed, resource.Snapshot.ExitCode);
            }
        }
        throw new InvalidOperationException($"{replicaId} did not stop.");
    }

    /// <summary>Starts a stopped replica again and waits until the orchestrator reports its new process running.</summary>
    public async Task StartReplicaAsync(string replicaId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(replicaId, KnownResourceCommands.StartCommand, timeout.Token);
        Assert.True(result.Success, $"starting {replicaId}: {result.Message}");
        await foreach (var resource in App.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (resource.ResourceId == replicaId && resource.Snapshot.State?.Text == KnownResourceStates.Running)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Waits until the broker reports <paramref name="consumers"/> consumers on the service's queue: one per running
    /// replica once each has attached (health is checked through the service's proxy, so it cannot tell replicas apart).
    /// </summary>
    public async Task WaitForConsumersAsync(BrokerManagement broker, string service, int consumers) =>
        await Eventually.ValueAsync(async () =>
        {
            using var queue = await broker.GetAsync($"/api/queues/%2F/{Uri.EscapeDataString(FoodDelivery.Contracts.BrokerNames.Queue(service))}");
            return queue.RootElement.TryGetProperty("consumers", out var count) ? count.GetInt32() : -1;
        }, count => count == consumers, TimeSpan.FromMinutes(2));
}

[CollectionDefinition(nameof(ReplicatedSystem))]
public sealed class ReplicatedSystemCollection : ICollectionFixture<ReplicatedSystem>;
