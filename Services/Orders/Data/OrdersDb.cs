using FoodDelivery.Orders.Domain;
using FoodDelivery.Sync;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Orders.Data;

public sealed class OrdersDb(DbContextOptions<OrdersDb> options) : SyncDbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>(order =>
        {
            // Stored by name so rows stay readable and reordering the enum cannot corrupt them.
            order.Property(o => o.Status).HasConversion<string>().HasMaxLength(Limits.Status);
            order.Property(o => o.Currency).HasMaxLength(Limits.Currency);
            // The lines are the order's price snapshot, read and written only with it: one jsonb column.
            // A complex collection, not OwnsMany: owned lines would be cascade-deleted when the order
            // becomes a tombstone, which EF cannot save for a JSON column.
            // Line name lengths are enforced by request validation: jsonb has no column lengths.
            order.ComplexCollection(o => o.Lines, line => line.ToJson());
            order.HasIndex(o => o.CustomerId);
            order.HasIndex(o => o.RestaurantId);
        });
    }
}
