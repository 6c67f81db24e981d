namespace FoodDelivery.Sync.Convergence;

/// <summary>
/// A subscription that keeps replica rows of another service's entity. The convergence check
/// covers every subscription that implements it, so a new replica is checked without more code.
/// </summary>
public interface IReplicaSubscription
{
    string EventType { get; }

    /// <summary>Compares this subscription's replica rows with the owner's snapshots, through the subscription's own map.</summary>
    ReplicaComparison Comparison { get; }
}
