using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync;

/// <summary>
/// Stamps versions on owned entities as part of SaveChanges: new ones start at 1, changed ones go
/// up by one, and a delete becomes a tombstone with the next version. Because the version is a
/// concurrency token, two writers of the same version cannot both win.
/// </summary>
public static class OwnedEntityVersioning
{
    /// <summary>
    /// A version's high 32 bits count re-homes (the ownership epoch), the low bits count writes.
    /// A re-home starts the next epoch, so every write made under the new home outranks every
    /// write the old home made but never delivered, and both clusters settle on the new home.
    /// </summary>
    public const int EpochShift = 32;

    /// <summary>The first version of the next ownership epoch: always above <paramref name="version"/>.</summary>
    public static long FirstOfNextEpoch(long version) => ((version >> EpochShift) + 1 << EpochShift) + 1;

    public static void Stamp(DbContext context)
    {
        context.ChangeTracker.DetectChanges();
        foreach (var entry in context.ChangeTracker.Entries<IOwnedEntity>().ToList())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    entry.Entity.Version = 1;
                    entry.Entity.Deleted = false;
                    break;
                case EntityState.Deleted:
                    entry.State = EntityState.Modified;
                    entry.Entity.Deleted = true;
                    entry.Entity.Version = entry.OriginalValues.GetValue<long>(nameof(IOwnedEntity.Version)) + 1;
                    break;
                case EntityState.Modified:
                    entry.Entity.Version = entry.OriginalValues.GetValue<long>(nameof(IOwnedEntity.Version)) + 1;
                    break;
            }
        }
    }
}
