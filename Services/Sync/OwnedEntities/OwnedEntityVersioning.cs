using FoodDelivery.Contracts;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.Sync.OwnedEntities;

/// <summary>
/// Stamps versions on owned entities as part of SaveChanges: new ones start at 1, changed ones go
/// up by one, and a delete becomes a tombstone with the next version. Because the version is a
/// concurrency token, two writers of the same version cannot both win. The arithmetic is checked:
/// a version that cannot go up throws instead of wrapping (a wrapped version would lose every
/// later write to the replicas' version guard).
/// </summary>
internal static class OwnedEntityVersioning
{
    /// <summary>
    /// A version's high 32 bits count re-homes (the ownership epoch), the low bits count writes.
    /// A re-home starts the next epoch, so every write made under the new home outranks every
    /// write the old home made but never delivered, and both clusters settle on the new home.
    /// </summary>
    public const int EpochShift = ChangeVersion.EpochShift;

    /// <summary>The first version of the next ownership epoch: always above <paramref name="version"/>.</summary>
    /// <exception cref="OverflowException">The next epoch would be past <see cref="ChangeVersion.MaxEpoch"/>, which consumers refuse.</exception>
    public static long FirstOfNextEpoch(long version)
    {
        var epoch = checked(ChangeVersion.EpochOf(version) + 1);
        if (epoch > ChangeVersion.MaxEpoch)
        {
            throw new OverflowException($"Version {version} is in the last ownership epoch ({ChangeVersion.MaxEpoch}): the entity cannot be re-homed again.");
        }
        return checked((epoch << EpochShift) + 1);
    }

    /// <summary>The first version of <paramref name="version"/>'s own epoch.</summary>
    /// <exception cref="OverflowException">The epoch is past <see cref="ChangeVersion.MaxEpoch"/>, which consumers refuse.</exception>
    public static long FirstOfEpoch(long version)
    {
        var epoch = Math.Max(0, ChangeVersion.EpochOf(version));
        if (epoch > ChangeVersion.MaxEpoch)
        {
            throw new OverflowException($"Version {version} is past the last ownership epoch ({ChangeVersion.MaxEpoch}): no entity starts there.");
        }
        return (epoch << EpochShift) + 1;
    }

    /// <summary>The version after <paramref name="version"/>, in the same epoch.</summary>
    /// <exception cref="OverflowException">The epoch's write count is used up (it would carry into the epoch bits), or the version is at its maximum.</exception>
    public static long Next(long version)
    {
        var next = checked(version + 1);
        if (ChangeVersion.EpochOf(next) != ChangeVersion.EpochOf(version))
        {
            throw new OverflowException($"Version {version} is the last write of its ownership epoch: the write count would carry into the epoch.");
        }
        return next;
    }

    public static void Stamp(DbContext context)
    {
        context.ChangeTracker.DetectChanges();
        foreach (var entry in context.ChangeTracker.Entries<IOwnedEntity>().ToList())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    // The first write of the epoch its creator chose (0 unless set): an entity created for one that
                    // was taken over (a payment for a re-homed order) starts in that one's epoch, above what the old
                    // home made for the same key.
                    entry.Entity.Version = FirstOfEpoch(entry.Entity.Version);
                    entry.Entity.Deleted = false;
                    break;
                case EntityState.Deleted:
                    entry.State = EntityState.Modified;
                    entry.Entity.Deleted = true;
                    entry.Entity.Version = Next(entry.OriginalValues.GetValue<long>(nameof(IOwnedEntity.Version)));
                    break;
                case EntityState.Modified:
                    entry.Entity.Version = Next(entry.OriginalValues.GetValue<long>(nameof(IOwnedEntity.Version)));
                    break;
            }
        }
    }
}
