using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FoodDelivery.Sync.Inbox;

internal sealed class InboxMessageConfiguration : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> inbox)
    {
        inbox.ToTable("sync_inbox");
        // The message id first: lookups by id alone (an operator's, the tests') still use the key's index.
        inbox.HasKey(m => new { m.MessageId, m.SourceService, m.SourceCluster });
        inbox.Property(m => m.MessageId).HasMaxLength(100);
        inbox.Property(m => m.Type).HasMaxLength(100);
        inbox.Property(m => m.SourceService).HasMaxLength(100);
        inbox.Property(m => m.SourceCluster).HasMaxLength(100);
        inbox.Property(m => m.Outcome).HasMaxLength(20);
        inbox.Property(m => m.TraceId).HasMaxLength(32);
        inbox.HasIndex(m => m.AppliedAt);
    }
}
