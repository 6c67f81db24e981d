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

    /// <summary>Stops one replica through the orchestrator's command and waits until that process has ended.</summary>
    public async Task StopReplicaAsync(string replicaId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var result = await App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(replicaId, KnownResourceCommands.StopCommand, timeout.Token);
        Assert.True(result.Success, $"stopping {replicaId}: {result.Message}");
        await foreach (var resource in App.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (resource.ResourceId == replicaId && KnownResourceStates.TerminalStates.Contains(resource.Snapshot.State?.Text))
            {
                return;
            }
        }
    }
}

[CollectionDefinition(nameof(ReplicatedSystem))]
public sealed class ReplicatedSystemCollection : ICollectionFixture<ReplicatedSystem>;
