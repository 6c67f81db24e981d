using FoodDelivery.Contracts;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.Monitoring;
using FoodDelivery.Sync.Outbox;
using FoodDelivery.Sync.Registration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FoodDelivery.Sync.Convergence;

/// <summary>
/// Checks, for every replica this service keeps (every <see cref="IReplicaSubscription"/>), that
/// its rows equal the owner's: by id, version, deleted flag and a hash of the replicated columns.
/// The owner's rows come from its <c>GET /sync/owned/{eventType}</c> (<see cref="OwnedSnapshotsClient"/>):
/// operator traffic, like a resync; services still decide on their own replicas only. With a peer
/// cluster, also compares each entity this service owns with the same service there
/// (<see cref="PeerClusterComparison"/>). Then the effects: every invariant the service's reactions
/// declared (<see cref="EffectInvariant"/>), since rows equal to their owners say nothing of a reaction
/// that never ran.
/// </summary>
internal sealed partial class ConvergenceCheck<TDb>(
    IServiceProvider services,
    SyncRegistrations registrations,
    SyncOptions options,
    SyncStatus status,
    ISyncMonitor monitor,
    OwnedSnapshotsClient owners,
    TimeProvider time,
    ILogger<ConvergenceCheck<TDb>> logger)
    where TDb : SyncDbContext
{
    public async Task<ConvergenceReport> RunAsync(CancellationToken ct)
    {
        var replicas = new List<ReplicaConvergence>();
        foreach (var subscription in registrations.Subscriptions.Values.OfType<IReplicaSubscription>().OrderBy(s => s.EventType, StringComparer.Ordinal))
        {
            replicas.Add(await CompareAsync(subscription, ct));
        }
        if (!string.IsNullOrEmpty(options.PeerCluster))
        {
            foreach (var publication in registrations.Publications.Values.OrderBy(p => p.EventType, StringComparer.Ordinal))
            {
                replicas.Add(await CompareWithPeerClusterAsync(publication, ct));
            }
        }
        var invariants = new List<InvariantBreaches>();
        foreach (var invariant in registrations.Invariants)
        {
            invariants.Add(await CheckAsync(invariant, ct));
        }
        try
        {
            await monitor.RefreshAsync(ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // The last figures stand; the report says it is not converged if they are not zero.
            LogRefreshFailed(ex.GetType().Name, ex.Message);
        }
        var converged = replicas.All(replica => replica.Converged) && invariants.All(invariant => invariant.Holds)
                        && status.OutboxBacklog == 0 && status.DeadLetters == 0;
        return new ConvergenceReport(options.ServiceName, converged, status.OutboxBacklog, status.DeadLetters, status.QueueDepth,
            replicas, time.GetUtcNow()) { Invariants = invariants };
    }

    async Task<InvariantBreaches> CheckAsync(EffectInvariant invariant, CancellationToken ct)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            return await invariant.CheckAsync(scope.ServiceProvider.GetRequiredService<TDb>(), ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            return InvariantBreaches.Failed(invariant.Statement, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    Task<ReplicaConvergence> CompareWithPeerClusterAsync(Publication publication, CancellationToken ct) =>
        CompareWithSnapshotsAsync($"{options.PeerCluster}-{options.ServiceName}", $"{options.Cluster}-{options.ServiceName}",
            publication.EventType, (db, snapshots) => PeerClusterComparison.CompareAsync(publication, db, snapshots, ct), ct, homes: true);

    Task<ReplicaConvergence> CompareAsync(IReplicaSubscription subscription, CancellationToken ct)
    {
        var owner = ServiceCatalogue.OwnerOf(subscription.EventType);
        return owner is null
            ? Task.FromResult(ReplicaConvergence.Failed("?", options.ServiceName, subscription.EventType,
                $"No owner is declared for {subscription.EventType} (ServiceCatalogue)."))
            : CompareWithSnapshotsAsync(owner, options.ServiceName, subscription.EventType,
                (db, snapshots) => subscription.Comparison.CompareAsync(db, snapshots, ct), ct);
    }

    /// <summary>Reads <paramref name="owner"/>'s snapshots of one event type and compares them with what this service stores.</summary>
    async Task<ReplicaConvergence> CompareWithSnapshotsAsync(
        string owner, string consumer, string eventType, Func<TDb, Stream, Task<ReplicaDifferences>> compare, CancellationToken ct, bool homes = false)
    {
        try
        {
            var differences = await owners.ReadAsync(owner, eventType, async snapshots =>
            {
                await using var scope = services.CreateAsyncScope();
                return await compare(scope.ServiceProvider.GetRequiredService<TDb>(), snapshots);
            }, ct, homes);
            return ReplicaConvergence.From(owner, consumer, eventType, differences);
        }
        catch (OwnedSnapshotsUnavailableException ex)
        {
            return ReplicaConvergence.Failed(owner, consumer, eventType, ex.Message) with { OwnerUnreachable = true };
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            return ReplicaConvergence.Failed(owner, consumer, eventType, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The convergence check could not refresh the outbox and queue figures ({Error}: {Reason}).")]
    partial void LogRefreshFailed(string error, string reason);
}
