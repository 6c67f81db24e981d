using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace FoodDelivery.Sync;

/// <summary>
/// Model rules every owned entity follows, whatever its DbContext configures: the version is a
/// concurrency token, and tombstones are hidden from queries unless a query asks for them.
/// </summary>
public sealed class OwnedEntityConvention : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes()
                     .Where(type => type.BaseType is null && typeof(IOwnedEntity).IsAssignableFrom(type.ClrType))
                     .ToList())
        {
            entityType.FindProperty(nameof(IOwnedEntity.Version))?.Builder.IsConcurrencyToken(true);

            var row = Expression.Parameter(entityType.ClrType, "row");
            var notDeleted = Expression.Lambda(Expression.Not(Expression.Property(row, nameof(IOwnedEntity.Deleted))), row);
            entityType.Builder.HasQueryFilter(notDeleted);
        }
    }
}
