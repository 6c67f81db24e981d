using FoodDelivery.AccountGate;
using FoodDelivery.Orders.Domain;
using FoodDelivery.Orders.Sync;
using FoodDelivery.Sync.Data;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Orders.Data;

public sealed class OrdersDb(DbContextOptions<OrdersDb> options) : SyncDbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    public DbSet<AccountReplica> AccountReplicas => Set<AccountReplica>();

    public DbSet<RestaurantReplica> Restaurants => Set<RestaurantReplica>();

    public DbSet<MenuItemReplica> MenuItems => Set<MenuItemReplica>();

    public DbSet<PaymentReplica> Payments => Set<PaymentReplica>();

    public DbSet<DeliveryReplica> Deliveries => Set<DeliveryReplica>();

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
            // Line names come from orders' menu item replica, whose owner (menu) bounds them.
            order.ComplexCollection(o => o.Lines, line => line.ToJson());
            order.HasIndex(o => o.CustomerId);
            order.HasIndex(o => o.RestaurantId);
        });

        // Replicas: ids come from their owners, and no foreign keys between them or to orders, because
        // events of different owners arrive in any order (a payment may land before its order's
        // restaurant). Text columns are unbounded: the owner validates, a replica keeps what it is sent.
        modelBuilder.Entity<RestaurantReplica>(restaurant =>
        {
            restaurant.ToTable("restaurant_replicas");
        });
        modelBuilder.Entity<MenuItemReplica>(item =>
        {
            item.ToTable("menu_item_replicas");
        });
        modelBuilder.Entity<PaymentReplica>(payment =>
        {
            payment.ToTable("payment_replicas");
            // Typed here, stored by name as payments publishes it (the column keeps its text).
            payment.Property(p => p.Status).HasConversion<string>();
            payment.HasIndex(p => p.OrderId);
        });
        modelBuilder.Entity<DeliveryReplica>(delivery =>
        {
            delivery.ToTable("delivery_replicas");
            delivery.Property(d => d.Status).HasConversion<string>();
            delivery.HasIndex(d => d.OrderId);
        });
    }
}
