using FoodDelivery.Contracts;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.OwnedEntities;
using FoodDelivery.Sync.Registration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FoodDelivery.Sync.Clusters;

/// <summary>
/// Moves entities' home to this cluster, for when their home cluster is lost: the copy here becomes
/// the entity, at the first version of the next ownership epoch
/// (<see cref="OwnedEntityVersioning.FirstOfNextEpoch"/>), and is published like any write, so
/// every replica and the old home (when it comes back) take the new home. Versions never go
/// back. Writes the lost cluster made but never delivered lose to it: fence that cluster off first.
/// </summary>
internal sealed class Rehome<TDb>(IServiceProvider services, SyncRegistrations registrations, SyncOptions options)
    where TDb : SyncDbContext
{
    /// <summary>Re-homes one entity; null when this service publishes no such event type or has no such entity.</summary>
    public async Task<RehomeResult?> EntityAsync(string eventType, Guid id, CancellationToken ct)
    {
        var publication = registrations.Publications.Values.FirstOrDefault(candidate => candidate.EventType == eventType);
        if (publication is null)
        {
            return null;
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        if (await db.FindAsync(publication.EntityType, [id], ct) is not IOwnedEntity entity)
        {
            return null;
        }
        var from = entity.HomeCluster;
        if (from != options.Cluster)
        {
            entity.HomeCluster = options.Cluster;
            entity.Version = OwnedEntityVersioning.FirstOfNextEpoch(entity.Version);
            // Written here from now on, so under this cluster's unique indexes again.
            db.Entry(entity).Property(OwnedEntityConvention.HomeCopy).CurrentValue = false;
            using (db.Writing(OwnedWrites.Rehome))
            {
                await db.SaveChangesAsync(ct);
            }
        }
        return new RehomeResult(eventType, id, from, options.Cluster, entity.Version);
    }

    /// <summary>
    /// Re-homes every entity this service holds that is homed in <paramref name="lostCluster"/>; returns how many, and
    /// how many it left because they are in the last ownership epoch (a copy the peer made at the cap must not stop
    /// the take-over of everything else).
    /// </summary>
    public async Task<(long Moved, long AtLastEpoch)> ClusterAsync(string lostCluster, CancellationToken ct)
    {
        long moved = 0;
        long atLastEpoch = 0;
        foreach (var publication in registrations.Publications.Values)
        {
            var ids = new List<Guid>();
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TDb>();
                await foreach (var entity in publication.ReadAll(db).WithCancellation(ct))
                {
                    if (entity.HomeCluster == lostCluster && !entity.Deleted)
                    {
                        if (ChangeVersion.EpochOf(entity.Version) >= ChangeVersion.MaxEpoch)
                        {
                            atLastEpoch++;
                            continue;
                        }
                        ids.Add(entity.Id);
                    }
                }
            }
            foreach (var id in ids)
            {
                if (await EntityAsync(publication.EventType, id, ct) is { } result && result.FromCluster == lostCluster)
                {
                    moved++;
                }
            }
        }
        return (moved, atLastEpoch);
    }
}
