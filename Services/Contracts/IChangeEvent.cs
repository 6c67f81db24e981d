namespace FoodDelivery.Contracts;

/// <summary>
/// A full-state snapshot of one owned entity at one version. Deletions are snapshots too, with
/// <see cref="Deleted"/> set, so a replica can tell a delete from an older update.
/// </summary>
public interface IChangeEvent
{
    Guid Id { get; }

    long Version { get; }

    bool Deleted { get; }
}
