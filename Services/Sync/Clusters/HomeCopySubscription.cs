using FoodDelivery.Contracts;
using FoodDelivery.Sync.Consumer;
using FoodDelivery.Sync.Data;
using FoodDelivery.Sync.OwnedEntities;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.Clusters;

/// <summary>
/// Applies this service's own event from another cluster: the entity is homed there, so here it is
/// a read-only copy in the service's own table (its reads serve it like any other row). Same
/// version guard as a replica: only a newer version replaces the row, and the row takes the
/// event's version and the origin as its home. The other cluster changes an entity homed here only
/// by the take-over this cluster's operator fenced (<see cref="PeerChangeRule"/>), which moves the home
/// there. Nothing is stamped or published again: a cluster never re-publishes what it received.
/// </summary>
internal sealed class HomeCopySubscription<TEntity, TEvent> : EventSubscription<TEvent>
    where TEntity : class, IOwnedEntity
    where TEvent : class, IChangeEvent
{
    // Two-key advisory locks: a key space apart from single bigint keys that services may use.
    static readonly int LockSpace = StableHash(typeof(TEntity).FullName!);
    readonly HomeCopyMapping mapping = HomeCopyMapping.For(typeof(TEvent), typeof(TEntity));

    string Owner => ServiceCatalogue.OwnerOf(EventType)!;

    public override async Task<ChangeOutcome> ApplyAsync(IChangeEvent change, ChangeContext context, CancellationToken ct)
    {
        var db = (SyncDbContext)context.Db;
        // Serialises copies of one entity (the row may not exist yet, so a row lock cannot), held until commit.
        var entityKey = BitConverter.ToInt32(change.Id.ToByteArray(), 12);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockSpace}, {entityKey})", ct);

        var stored = await db.Set<TEntity>().IgnoreQueryFilters().SingleOrDefaultAsync(entity => entity.Id == change.Id, ct);
        if (stored is not null)
        {
            // An older version is judged too: from the row's old home, after a take-over, it is refused as superseded.
            var home = stored.HomeCluster;
            var newer = stored.Version < change.Version;
            var fenced = newer && home != context.OriginCluster && await db.TakeOverFences.AnyAsync(fence => fence.Owner == Owner, ct);
            if (PeerChangeRule.Refusal(EventType, change.Id, change.Version, context.OriginCluster, context.FromThisCluster, stored.Version, home, fenced)
                is { } refusal)
            {
                throw new ChangeRejectedException(refusal);
            }
            if (!newer)
            {
                return ChangeOutcome.Stale;
            }
        }
        var entity = stored ?? (TEntity)Activator.CreateInstance(typeof(TEntity), nonPublic: true)!;
        mapping.CopyInto(change, entity);
        entity.HomeCluster = context.OriginCluster;
        if (stored is null)
        {
            db.Add(entity);
        }
        // Outside the owner's unique indexes (OwnedEntityConvention.UniqueAmongOwnRows): its home enforced them.
        db.Entry(entity).Property(OwnedEntityConvention.HomeCopy).CurrentValue = true;

        using (db.Writing(OwnedWrites.HomeCopy))
        {
            await db.SaveChangesAsync(ct);
        }
        return ChangeOutcome.Applied;
    }

    static int StableHash(string text)
    {
        var hash = 17;
        foreach (var character in text)
        {
            hash = unchecked(hash * 31 + character);
        }
        return hash;
    }
}
