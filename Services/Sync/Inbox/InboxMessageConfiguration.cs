using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FoodDelivery.Sync.Inbox;

public sealed class InboxMessageConfiguration : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> inbox)
    {
        inbox.ToTable("sync_inbox");
        inbox.HasKey(m => m.MessageId);
        inbox.Property(m => m.MessageId).HasMaxLength(100);
        inbox.Property(m => m.Type).HasMaxLength(100);
        inbox.Property(m => m.SourceService).HasMaxLength(100);
        inbox.Property(m => m.Outcome).HasMaxLength(20);
        inbox.HasIndex(m => m.AppliedAt);
    }
}
