using FoodDelivery.Restaurants.Domain;
using FoodDelivery.Sync;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Restaurants.Data;

public sealed class RestaurantsDb(DbContextOptions<RestaurantsDb> options) : SyncDbContext(options)
{
    public DbSet<Restaurant> Restaurants => Set<Restaurant>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Restaurant>(restaurant =>
        {
            restaurant.Property(r => r.Name).HasMaxLength(Limits.Name);
            restaurant.Property(r => r.Address).HasMaxLength(Limits.Address);
            restaurant.Property(r => r.Cuisine).HasMaxLength(Limits.Cuisine);
            // An owner cannot run two live restaurants of the same name.
            restaurant.HasIndex(r => new { r.OwnerId, r.Name }).IsUnique().HasFilter("deleted = false");
        });
    }
}
