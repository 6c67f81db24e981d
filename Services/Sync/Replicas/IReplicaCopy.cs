using FoodDelivery.Contracts;

namespace FoodDelivery.Sync.Replicas;

/// <summary>
/// A subscription that keeps a replica table. When it <see cref="CopiesOnly"/> (no reaction), its whole effect is the
/// version-guarded row, so <see cref="ReplicaRunStatement"/> can apply its deliveries in one statement.
/// </summary>
internal interface IReplicaCopy
{
    Type ReplicaType { get; }

    /// <summary>Whether applying an event writes its replica row and nothing else.</summary>
    bool CopiesOnly { get; }

    /// <summary>The event's replica row, through the subscription's map.</summary>
    IReplica RowOf(IChangeEvent change);
}
