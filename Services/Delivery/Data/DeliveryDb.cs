using FoodDelivery.Delivery.Domain;
using FoodDelivery.Sync;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Delivery.Data;

public sealed class DeliveryDb(DbContextOptions<DeliveryDb> options) : SyncDbContext(options)
{
    public DbSet<Courier> Couriers => Set<Courier>();
    public DbSet<CourierDelivery> Deliveries => Set<CourierDelivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // The courier's id is its account id, given by the caller.
        modelBuilder.Entity<Courier>().Property(c => c.Id).ValueGeneratedNever();
        modelBuilder.Entity<CourierDelivery>(delivery =>
        {
            // Stored by name so rows stay readable and reordering the enum cannot corrupt them.
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(Limits.Status);
            // One live delivery per order.
            delivery.HasIndex(d => d.OrderId).IsUnique().HasFilter("deleted = false");
            delivery.HasIndex(d => d.CourierId);
        });
    }
}
