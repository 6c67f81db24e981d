using FoodDelivery.AccountGate;
using FoodDelivery.Menu.Domain;
using FoodDelivery.Menu.Sync;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.OwnedEntities;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Menu.Data;

public sealed class MenuDb(DbContextOptions<MenuDb> options) : SyncDbContext(options)
{
    public DbSet<MenuItem> MenuItems => Set<MenuItem>();

    public DbSet<RestaurantReplica> RestaurantReplicas => Set<RestaurantReplica>();

    public DbSet<AccountReplica> AccountReplicas => Set<AccountReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<MenuItem>(item =>
        {
            item.Property(i => i.Name).HasMaxLength(Limits.Name);
            item.Property(i => i.Currency).HasMaxLength(Limits.Currency);
            // A restaurant's live menu cannot list the same name twice.
            item.HasIndex(i => new { i.RestaurantId, i.Name }).IsUnique().HasFilter(OwnedEntityConvention.UniqueAmongOwnRows);
        });
        modelBuilder.Entity<RestaurantReplica>(restaurant =>
        {
            restaurant.ToTable("restaurant_replicas");
            restaurant.Property(r => r.Name).HasMaxLength(100);
        });
    }
}
