using FoodDelivery.Sync.Clusters;
using FoodDelivery.Sync.Inbox;
using FoodDelivery.Sync.Outbox;
using FoodDelivery.Sync.OwnedEntities;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Data;

/// <summary>
/// The base of every service's DbContext: the outbox and inbox tables live next to the service's
/// own tables (so they share its transactions), and owned entities and replicas follow
/// <see cref="OwnedEntityConvention"/>.
/// </summary>
public abstract class SyncDbContext(DbContextOptions options) : DbContext(options)
{
    internal DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    internal DbSet<InboxMessage> Inbox => Set<InboxMessage>();

    internal DbSet<TakeOverFence> TakeOverFences => Set<TakeOverFence>();

    /// <summary>
    /// How the engine is writing owned entities in this context right now; requests always write
    /// <see cref="OwnedWrites.Local"/>. Only the engine's home copy and re-home change it, through
    /// <see cref="Writing"/>.
    /// </summary>
    internal OwnedWrites OwnedWrites { get; private set; }

    /// <summary>
    /// Switches to <paramref name="writes"/> until disposed. Contexts are pooled, so a mode left
    /// behind would reach the next request: the switch always ends with the scope.
    /// </summary>
    internal OwnedWritesScope Writing(OwnedWrites writes)
    {
        OwnedWrites = writes;
        return new OwnedWritesScope(this);
    }

    internal readonly struct OwnedWritesScope(SyncDbContext db) : IDisposable
    {
        public void Dispose() => db.OwnedWrites = OwnedWrites.Local;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Conventions.Add(_ => new OwnedEntityConvention());
}
