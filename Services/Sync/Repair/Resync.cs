using System.Diagnostics;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.Outbox;
using FoodDelivery.Sync.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.Sync.Repair;

/// <summary>
/// The owner republishes a snapshot of everything it owns, tombstones included, through the
/// outbox. Replicas take what is newer than what they hold and drop the rest (the version guard),
/// so a wiped replica or a brand-new service converges from scratch and a healthy one is untouched.
/// Only entities homed in this cluster: the other cluster's owner resyncs its own.
/// </summary>
internal sealed class Resync<TDb>(IServiceProvider services, SyncRegistrations registrations, SyncOptions options, OutboxSignal signal, TimeProvider time)
    where TDb : SyncDbContext
{
    const int BatchSize = 500;

    /// <summary>Queues one event per owned row; returns how many.</summary>
    public async Task<long> RunAsync(CancellationToken ct)
    {
        long queued = 0;
        foreach (var publication in registrations.Publications.Values)
        {
            await using var readScope = services.CreateAsyncScope();
            var source = readScope.ServiceProvider.GetRequiredService<TDb>();
            var batch = new List<OutboxMessage>(BatchSize);
            await foreach (var entity in publication.ReadAll(source).WithCancellation(ct))
            {
                if (entity.HomeCluster != options.Cluster && entity.HomeCluster.Length > 0)
                {
                    // Its home cluster publishes it; a cluster never re-publishes what it received.
                    continue;
                }
                batch.Add(OutboxWriter.Message(publication, entity, time.GetUtcNow(), Activity.Current));
                if (batch.Count == BatchSize)
                {
                    queued += await SaveAsync(batch, ct);
                }
            }
            queued += await SaveAsync(batch, ct);
        }
        signal.Notify();
        return queued;
    }

    async Task<int> SaveAsync(List<OutboxMessage> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return 0;
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        db.Outbox.AddRange(batch);
        await db.SaveChangesAsync(ct);
        var saved = batch.Count;
        batch.Clear();
        return saved;
    }
}
