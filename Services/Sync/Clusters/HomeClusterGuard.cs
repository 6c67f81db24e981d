using FoodDelivery.Sync.OwnedEntities;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Clusters;

/// <summary>
/// One writer per entity across clusters: a new entity is homed in the cluster that created it, and
/// a change to an entity homed elsewhere is refused before anything is written. Refusing (rather
/// than forwarding the request to the home cluster) keeps every write local to one database, so a
/// write never depends on the link between clusters; the caller is told where to go instead.
/// </summary>
internal static class HomeClusterGuard
{
    public static void Check(DbContext context, string cluster)
    {
        foreach (var entry in context.ChangeTracker.Entries<IOwnedEntity>())
        {
            var entity = entry.Entity;
            switch (entry.State)
            {
                case EntityState.Added when string.IsNullOrEmpty(entity.HomeCluster):
                    entity.HomeCluster = cluster;
                    break;
                case EntityState.Added when entity.HomeCluster != cluster:
                    throw new EntityHomedElsewhereException(entity.GetType().Name, entity.Id, entity.HomeCluster, cluster);
                case EntityState.Modified:
                    var home = entry.OriginalValues.GetValue<string>(nameof(IOwnedEntity.HomeCluster));
                    if (home != cluster)
                    {
                        throw new EntityHomedElsewhereException(entity.GetType().Name, entity.Id, home, cluster);
                    }
                    if (entity.HomeCluster != home)
                    {
                        throw new InvalidOperationException(
                            $"{entity.GetType().Name} {entity.Id}: only a re-home moves an entity's home cluster.");
                    }
                    break;
            }
        }
    }
}
