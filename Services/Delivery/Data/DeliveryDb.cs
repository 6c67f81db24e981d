using FoodDelivery.AccountGate;
using FoodDelivery.Delivery.Domain;
using FoodDelivery.Delivery.Sync;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.OwnedEntities;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Delivery.Data;

public sealed class DeliveryDb(DbContextOptions<DeliveryDb> options) : SyncDbContext(options)
{
    public DbSet<Courier> Couriers => Set<Courier>();
    public DbSet<CourierDelivery> Deliveries => Set<CourierDelivery>();

    public DbSet<AccountReplica> AccountReplicas => Set<AccountReplica>();
    public DbSet<RestaurantReplica> Restaurants => Set<RestaurantReplica>();
    public DbSet<OrderReplica> Orders => Set<OrderReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Courier>(courier =>
        {
            // The courier's id is its account id.
            courier.Property(c => c.Id).ValueGeneratedNever();
            courier.HasIndex(c => c.AvailableSince);
        });
        modelBuilder.Entity<CourierDelivery>(delivery =>
        {
            // Stored by name so rows stay readable and reordering the enum cannot corrupt them.
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(Limits.Status);
            // One live delivery per order: a redelivered "paid" cannot open a second one.
            delivery.HasIndex(d => d.OrderId).IsUnique().HasFilter(OwnedEntityConvention.UniqueAmongOwnRows);
            delivery.HasIndex(d => d.CourierId);
            delivery.HasIndex(d => d.Status);
        });

        // Replicas: ids from their owners, no foreign keys (an order may arrive before its restaurant).
        modelBuilder.Entity<RestaurantReplica>(restaurant =>
        {
            restaurant.ToTable("restaurant_replicas");
        });
        modelBuilder.Entity<OrderReplica>(order =>
        {
            order.ToTable("order_replicas");
            // Typed here, stored by name as orders publishes it (the column keeps its text).
            order.Property(o => o.Status).HasConversion<string>();
        });
    }
}
