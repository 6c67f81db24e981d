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

    /// <summary>
    /// States the contract's own invariants, the ones its owner keeps (amounts, statuses, names...),
    /// by adding each breach to <paramref name="check"/>. Id and version are checked for every
    /// contract by <see cref="ChangeInvariants.Check"/>. Tombstones carry the last state, so they keep them too.
    /// </summary>
    void CheckInvariants(InvariantCheck check);
}
