using FoodDelivery.AccountGate;
using FoodDelivery.Restaurants.Domain;
using FoodDelivery.Restaurants.Sync;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.OwnedEntities;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Restaurants.Data;

public sealed class RestaurantsDb(DbContextOptions<RestaurantsDb> options) : SyncDbContext(options)
{
    public DbSet<Restaurant> Restaurants => Set<Restaurant>();

    public DbSet<AccountReplica> AccountReplicas => Set<AccountReplica>();

    public DbSet<ReviewReplica> ReviewReplicas => Set<ReviewReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Restaurant>(restaurant =>
        {
            restaurant.Property(r => r.Name).HasMaxLength(Limits.Name);
            restaurant.Property(r => r.Address).HasMaxLength(Limits.Address);
            restaurant.Property(r => r.Cuisine).HasMaxLength(Limits.Cuisine);
            // An owner cannot run two live restaurants of the same name.
            restaurant.HasIndex(r => new { r.OwnerId, r.Name }).IsUnique().HasFilter(OwnedEntityConvention.UniqueAmongOwnRows);
        });
        // Replica ids come from their owners, never from this database; no foreign keys, so a
        // review may arrive before its restaurant and still be kept.
        modelBuilder.Entity<ReviewReplica>(review =>
        {
            review.ToTable("review_replicas");
            review.HasIndex(r => r.RestaurantId);
        });
    }
}
