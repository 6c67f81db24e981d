using FoodDelivery.Contracts;
using FoodDelivery.Sync.Monitoring;
using FoodDelivery.Sync.Repair;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FoodDelivery.Sync.Convergence;

/// <summary>
/// Checks, for every replica this service keeps (every <see cref="IReplicaSubscription"/>), that
/// its rows equal the owner's: by id, version, deleted flag and a hash of the replicated columns.
/// The owner's rows come from its <c>GET /sync/owned/{eventType}</c> over HTTP (service discovery
/// names the owner). That call is operator traffic, like a resync: no business decision ever reads
/// another service's data this way; services still decide on their own replicas only.
/// </summary>
public sealed partial class ConvergenceCheck<TDb>(
    IServiceProvider services,
    SyncBuilder registrations,
    SyncOptions options,
    SyncStatus status,
    ISyncMonitor monitor,
    IHttpClientFactory http,
    TimeProvider time,
    ILogger<ConvergenceCheck<TDb>> logger)
    where TDb : SyncDbContext
{
    public const string HttpClientName = "sync-owners";

    public async Task<ConvergenceReport> RunAsync(CancellationToken ct)
    {
        var replicas = new List<ReplicaConvergence>();
        foreach (var subscription in registrations.Subscriptions.Values.OfType<IReplicaSubscription>().OrderBy(s => s.EventType, StringComparer.Ordinal))
        {
            replicas.Add(await CompareAsync(subscription, ct));
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
        var converged = replicas.All(replica => replica.Converged) && status.OutboxBacklog == 0 && status.DeadLetters == 0;
        return new ConvergenceReport(options.ServiceName, converged, status.OutboxBacklog, status.DeadLetters, status.QueueDepth,
            replicas, time.GetUtcNow());
    }

    async Task<ReplicaConvergence> CompareAsync(IReplicaSubscription subscription, CancellationToken ct)
    {
        var owner = ChangeEventOwners.Of(subscription.EventType);
        if (owner is null)
        {
            return ReplicaConvergence.Failed("?", options.ServiceName, subscription.EventType,
                $"No owner is declared for {subscription.EventType} (ChangeEventOwners).");
        }
        try
        {
            using var client = http.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{owner}/sync/owned/{subscription.EventType}");
            request.Headers.Add(SyncAdminKeyFilter.HeaderName, options.AdminKey);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                return ReplicaConvergence.Failed(owner, options.ServiceName, subscription.EventType,
                    $"{owner} answered {(int)response.StatusCode} for its {subscription.EventType} snapshots.");
            }
            await using var snapshots = await response.Content.ReadAsStreamAsync(ct);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDb>();
            var differences = await subscription.Comparison.CompareAsync(db, snapshots, ct);
            return ReplicaConvergence.From(owner, options.ServiceName, subscription.EventType, differences);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            return ReplicaConvergence.Failed(owner, options.ServiceName, subscription.EventType, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The convergence check could not refresh the outbox and queue figures ({Error}: {Reason}).")]
    partial void LogRefreshFailed(string error, string reason);
}
