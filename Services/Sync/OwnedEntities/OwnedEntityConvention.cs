using System.Linq.Expressions;
using FoodDelivery.Sync.Replicas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace FoodDelivery.Sync.OwnedEntities;

/// <summary>
/// Model rules every owned entity and replica follows, whatever its DbContext configures:
/// tombstones are hidden from queries unless a query asks for them, an owned entity's version
/// is a concurrency token (its home cluster a short name), and a replica's id is never generated
/// here (it is the owner's id); a replica also keeps the cluster its row came from
/// (<see cref="ReplicaOrigin"/>, a column of the engine's own that services never map), so its upsert
/// can refuse the peer cluster's change of an entity homed here.
/// </summary>
public sealed class OwnedEntityConvention : IModelFinalizingConvention
{
    internal const int MaxClusterName = 32;

    /// <summary>The shadow property (column <c>origin_cluster</c>) of every replica: the cluster its row came from, empty when not known.</summary>
    internal const string ReplicaOrigin = "OriginCluster";

    /// <summary>
    /// The shadow property (column <c>home_copy</c>) of every owned entity: true for the read-only copy of an entity
    /// homed in the other cluster (<see cref="Clusters.HomeCopySubscription{TEntity, TEvent}"/>), false for a row this
    /// cluster writes.
    /// </summary>
    internal const string HomeCopy = "HomeCopy";

    /// <summary>
    /// The filter of an owned entity's unique index (an email, a name per restaurant, one per order): live rows this
    /// cluster writes. The owner enforces uniqueness where it writes; a copy is its home's result, and parallel appliers
    /// may insert a re-created copy before the old one's tombstone arrives, which must not fail (23505) and dead-letter.
    /// </summary>
    public const string UniqueAmongOwnRows = "deleted = false AND home_copy = false";

    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes()
                     .Where(type => type.BaseType is null
                                    && (typeof(IOwnedEntity).IsAssignableFrom(type.ClrType) || typeof(IReplica).IsAssignableFrom(type.ClrType)))
                     .ToList())
        {
            if (typeof(IOwnedEntity).IsAssignableFrom(entityType.ClrType))
            {
                entityType.FindProperty(nameof(IOwnedEntity.Version))?.Builder.IsConcurrencyToken(true);
                entityType.FindProperty(nameof(IOwnedEntity.HomeCluster))?.Builder.HasMaxLength(MaxClusterName);
                var copy = entityType.Builder.Property(typeof(bool), HomeCopy);
                copy?.IsRequired(true);
                copy?.HasColumnName("home_copy");
            }
            else
            {
                entityType.FindProperty(nameof(IReplica.Id))?.Builder.ValueGenerated(ValueGenerated.Never);
                var origin = entityType.Builder.Property(typeof(string), ReplicaOrigin);
                origin?.IsRequired(true);
                origin?.HasMaxLength(MaxClusterName);
                origin?.HasColumnName("origin_cluster");
            }

            var row = Expression.Parameter(entityType.ClrType, "row");
            var notDeleted = Expression.Lambda(Expression.Not(Expression.Property(row, nameof(IOwnedEntity.Deleted))), row);
            entityType.Builder.HasQueryFilter(notDeleted);
        }
    }
}
