using FoodDelivery.Contracts;
using FoodDelivery.Sync.Convergence;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.Registration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FoodDelivery.Sync.Repair;

/// <summary>
/// Makes every replica this service keeps (every <see cref="IReplicaSubscription"/>), or one of
/// them, equal to its owner's rows regardless of versions: what a resync cannot do when a replica
/// holds a version its owner never had (a forged or corrupted row), which the version guard keeps
/// forever. Safe while events flow (<see cref="ReplicaRebuild{TEvent, TReplica}"/> says how); a
/// replica's reaction runs with each row it writes (an event still on its way would otherwise apply as
/// stale and its reaction never run), and nothing is recorded in the inbox. One rebuild at a
/// time per service: a second request waits for the first.
/// </summary>
internal sealed partial class Rebuild<TDb>(
    IServiceProvider services,
    SyncRegistrations registrations,
    SyncOptions options,
    OwnedSnapshotsClient owners,
    TimeProvider time,
    ILogger<Rebuild<TDb>> logger)
    where TDb : SyncDbContext
{
    readonly SemaphoreSlim running = new(1, 1);

    /// <summary>The event types of the replicas this service keeps, in order.</summary>
    public IReadOnlyList<string> Replicas { get; } = registrations.Subscriptions.Values.OfType<IReplicaSubscription>()
        .Select(subscription => subscription.EventType)
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Rebuilds the replica of <paramref name="eventType"/>, or every replica when it is null.</summary>
    /// <exception cref="ArgumentException">This service keeps no replica of <paramref name="eventType"/>.</exception>
    public async Task<RebuildResult> RunAsync(string? eventType, CancellationToken ct)
    {
        if (eventType is not null && !Replicas.Contains(eventType, StringComparer.Ordinal))
        {
            throw new ArgumentException($"{options.ServiceName} keeps no replica of {eventType}.", nameof(eventType));
        }
        var subscriptions = registrations.Subscriptions.Values.OfType<IReplicaSubscription>()
            .Where(subscription => eventType is null || subscription.EventType == eventType)
            .OrderBy(subscription => subscription.EventType, StringComparer.Ordinal)
            .ToList();

        var replicas = new List<ReplicaRebuilt>();
        await running.WaitAsync(ct);
        try
        {
            foreach (var subscription in subscriptions)
            {
                replicas.Add(await RebuildAsync(subscription, ct));
            }
        }
        finally
        {
            running.Release();
        }
        var changed = replicas.Sum(replica => replica.Changed);
        return new RebuildResult(options.ServiceName, changed, Sentence(replicas, changed), replicas, time.GetUtcNow());
    }

    async Task<ReplicaRebuilt> RebuildAsync(IReplicaSubscription subscription, CancellationToken ct)
    {
        var consumer = options.ServiceName;
        var owner = ServiceCatalogue.OwnerOf(subscription.EventType);
        if (owner is null)
        {
            return ReplicaRebuilt.Failed("?", consumer, subscription.EventType, $"No owner is declared for {subscription.EventType} (ServiceCatalogue).");
        }
        try
        {
            await using var scope = services.CreateAsyncScope();
            var changes = await subscription.Rebuild.RebuildAsync(
                scope.ServiceProvider.GetRequiredService<TDb>(), scope.ServiceProvider, owners, owner, options, ct);
            var rebuilt = ReplicaRebuilt.From(owner, consumer, subscription.EventType, changes);
            LogRebuilt(owner, consumer, subscription.EventType, rebuilt.Overwritten, rebuilt.Removed, rebuilt.Added, rebuilt.Superseded,
                rebuilt.FromPeer, rebuilt.OwnerRows, rebuilt.ReplicaRows);
            return rebuilt;
        }
        catch (OwnedSnapshotsUnavailableException ex)
        {
            LogFailed(owner, consumer, subscription.EventType, ex.Message);
            return ReplicaRebuilt.Failed(owner, consumer, subscription.EventType, ex.Message);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var error = $"{ex.GetType().Name}: {ex.Message}";
            LogFailed(owner, consumer, subscription.EventType, error);
            return ReplicaRebuilt.Failed(owner, consumer, subscription.EventType, error);
        }
    }

    string Sentence(IReadOnlyList<ReplicaRebuilt> replicas, long changed)
    {
        if (replicas.Count == 0)
        {
            return $"{options.ServiceName} keeps no replica: nothing to rebuild.";
        }
        var done = replicas.Where(replica => replica.Error is null).ToList();
        var sentence = $"{done.Count} of {replicas.Count} replicas rebuilt, {changed} rows changed: " +
                       $"{done.Sum(replica => replica.Overwritten)} overwritten, {done.Sum(replica => replica.Removed)} removed, " +
                       $"{done.Sum(replica => replica.Added)} added" +
                       (done.Sum(replica => replica.FromPeer) is > 0 and var fromPeer ? $", {fromPeer} left as the peer cluster sent them." : ".");
        var failed = replicas.Where(replica => replica.Error is not null).ToList();
        return failed.Count == 0
            ? sentence
            : sentence + " Not rebuilt: " + string.Join("; ", failed.Select(replica => $"{replica.EventType} ({replica.Error})")) + ".";
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Rebuilt the {EventType} replica {Owner} -> {Consumer}: {Overwritten} rows overwritten, {Removed} removed, {Added} added, " +
                  "{Superseded} left to newer applies, {FromPeer} left as the peer cluster sent them ({OwnerRows} owned, {ReplicaRows} were replicated).")]
    partial void LogRebuilt(string owner, string consumer, string eventType, long overwritten, long removed, long added, long superseded,
        long fromPeer, long ownerRows, long replicaRows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {EventType} replica {Owner} -> {Consumer} could not be rebuilt: {Error}.")]
    partial void LogFailed(string owner, string consumer, string eventType, string error);
}
