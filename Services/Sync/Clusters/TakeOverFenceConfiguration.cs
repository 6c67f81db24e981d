using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FoodDelivery.Sync.Clusters;

internal sealed class TakeOverFenceConfiguration : IEntityTypeConfiguration<TakeOverFence>
{
    /// <summary>Named here because the replica upsert's statement reads it too.</summary>
    public const string Table = "sync_take_over_fences";

    public void Configure(EntityTypeBuilder<TakeOverFence> fence)
    {
        fence.ToTable(Table);
        fence.HasKey(f => f.Owner);
        fence.Property(f => f.Owner).HasMaxLength(100);
    }
}
