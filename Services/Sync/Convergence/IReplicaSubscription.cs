namespace FoodDelivery.Sync.Convergence;

/// <summary>
/// A subscription that keeps replica rows of another service's entity. The convergence check and
/// the rebuild cover every subscription that implements it, so a new replica is checked and
/// repairable without more code.
/// </summary>
internal interface IReplicaSubscription
{
    string EventType { get; }

    /// <summary>Compares this subscription's replica rows with the owner's snapshots, through the subscription's own map.</summary>
    ReplicaComparison Comparison { get; }

    /// <summary>Makes this subscription's replica rows equal to the owner's, whatever their versions, through the same map.</summary>
    ReplicaRebuild Rebuild { get; }
}
