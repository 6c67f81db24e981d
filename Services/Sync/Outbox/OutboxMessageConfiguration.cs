using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FoodDelivery.Sync.Outbox;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> outbox)
    {
        outbox.ToTable("sync_outbox");
        outbox.HasKey(m => m.Sequence);
        outbox.Property(m => m.Sequence).UseIdentityAlwaysColumn();
        outbox.HasIndex(m => m.MessageId).IsUnique();
        outbox.Property(m => m.Type).HasMaxLength(100);
        outbox.Property(m => m.Payload).HasColumnType("jsonb");
        outbox.Property(m => m.TraceParent).HasMaxLength(100);
        outbox.Property(m => m.TraceState).HasMaxLength(500);
        // The relay reads only pending rows, oldest first.
        outbox.HasIndex(m => m.Sequence).HasFilter("sent_at IS NULL").HasDatabaseName("ix_sync_outbox_pending");
        outbox.HasIndex(m => m.SentAt);
    }
}
