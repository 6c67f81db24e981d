namespace FoodDelivery.Sync.Clusters;

/// <summary>
/// A write reached a cluster that is not the entity's home. Every service answers it with 409 and
/// the home cluster named (<see cref="HomeClusterConflictHandler"/>).
/// </summary>
internal sealed class EntityHomedElsewhereException(string entityType, Guid id, string homeCluster, string thisCluster)
    : InvalidOperationException($"{entityType} {id} is homed in cluster '{homeCluster}', not '{thisCluster}': write to it there.")
{
    public string EntityType { get; } = entityType;

    public Guid Id { get; } = id;

    public string HomeCluster { get; } = homeCluster;

    public string ThisCluster { get; } = thisCluster;
}
