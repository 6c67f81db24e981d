using FoodDelivery.Payments.Domain;
using FoodDelivery.Payments.Sync;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.OwnedEntities;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Payments.Data;

public sealed class PaymentsDb(DbContextOptions<PaymentsDb> options) : SyncDbContext(options)
{
    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<OrderReplica> Orders => Set<OrderReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Payment>(payment =>
        {
            payment.Property(p => p.Currency).HasMaxLength(Limits.Currency);
            // Stored by name so hand-written SQL and replicas read it without a lookup table.
            payment.Property(p => p.Status).HasConversion<string>().HasMaxLength(Limits.Status);
            payment.Property(p => p.FailureReason).HasMaxLength(Limits.FailureReason);
            // One live payment per order: a second charge cannot even be saved.
            payment.HasIndex(p => p.OrderId).IsUnique().HasFilter(OwnedEntityConvention.UniqueAmongOwnRows);
        });
        modelBuilder.Entity<OrderReplica>(order =>
        {
            // Ids come from orders; no foreign key to payments, which may be written first or never.
            order.ToTable("order_replicas");
            // Typed here, stored by name as orders publishes it (the column keeps its text).
            order.Property(o => o.Status).HasConversion<string>();
            order.HasIndex(o => o.CustomerId);
        });
    }
}
