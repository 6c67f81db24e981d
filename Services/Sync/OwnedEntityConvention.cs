using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace FoodDelivery.Sync;

/// <summary>
/// Model rules every owned entity and replica follows, whatever its DbContext configures:
/// tombstones are hidden from queries unless a query asks for them, an owned entity's version
/// is a concurrency token (its home cluster a short name), and a replica's id is never generated
/// here (it is the owner's id).
/// </summary>
public sealed class OwnedEntityConvention : IModelFinalizingConvention
{
    public const int MaxClusterName = 32;

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
            }
            else
            {
                entityType.FindProperty(nameof(IReplica.Id))?.Builder.ValueGenerated(ValueGenerated.Never);
            }

            var row = Expression.Parameter(entityType.ClrType, "row");
            var notDeleted = Expression.Lambda(Expression.Not(Expression.Property(row, nameof(IOwnedEntity.Deleted))), row);
            entityType.Builder.HasQueryFilter(notDeleted);
        }
    }
}
