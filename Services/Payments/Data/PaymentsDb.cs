using FoodDelivery.Payments.Domain;
using FoodDelivery.Sync;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Payments.Data;

public sealed class PaymentsDb(DbContextOptions<PaymentsDb> options) : SyncDbContext(options)
{
    public DbSet<Payment> Payments => Set<Payment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Payment>(payment =>
        {
            payment.Property(p => p.Currency).HasMaxLength(Limits.Currency);
            // Stored by name so hand-written SQL and replicas read it without a lookup table.
            payment.Property(p => p.Status).HasConversion<string>().HasMaxLength(Limits.Status);
            payment.Property(p => p.FailureReason).HasMaxLength(Limits.FailureReason);
            // One live payment per order.
            payment.HasIndex(p => p.OrderId).IsUnique().HasFilter("deleted = false");
        });
    }
}
