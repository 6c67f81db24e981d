using FoodDelivery.AccountGate;
using FoodDelivery.Reviews.Domain;
using FoodDelivery.Reviews.Sync;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.OwnedEntities;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Reviews.Data;

public sealed class ReviewsDb(DbContextOptions<ReviewsDb> options) : SyncDbContext(options)
{
    public DbSet<Review> Reviews => Set<Review>();

    public DbSet<OrderReplica> OrderReplicas => Set<OrderReplica>();

    public DbSet<AccountReplica> AccountReplicas => Set<AccountReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Review>(review =>
        {
            review.ToTable(t => t.HasCheckConstraint(
                "ck_reviews_stars", $"stars BETWEEN {Limits.MinStars} AND {Limits.MaxStars}"));
            review.Property(r => r.Text).HasMaxLength(Limits.Text);
            // One live review per order; deleting it lets the customer review the order again.
            review.HasIndex(r => r.OrderId).IsUnique().HasFilter(OwnedEntityConvention.UniqueAmongOwnRows);
            // The list endpoint filters by these.
            review.HasIndex(r => r.RestaurantId);
            review.HasIndex(r => r.CustomerId);
        });
        modelBuilder.Entity<OrderReplica>(order =>
        {
            order.ToTable("order_replicas");
            // Typed here, stored by name as orders publishes it (the column keeps its text).
            order.Property(o => o.Status).HasConversion<string>();
        });
    }
}
