using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync;

/// <summary>The base of every service's DbContext: owned entities follow <see cref="OwnedEntityConvention"/>.</summary>
public abstract class SyncDbContext(DbContextOptions options) : DbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Conventions.Add(_ => new OwnedEntityConvention());
}
