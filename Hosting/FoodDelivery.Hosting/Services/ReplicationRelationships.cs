using FoodDelivery.Contracts;
using FoodDelivery.Hosting.Infrastructure;

namespace FoodDelivery.Hosting.Services;

/// <summary>
/// The sync graph as resource relationships, so the dashboard (Graph view, and each resource's Relationships) shows
/// who replicates from whom: each service of a cluster points at every owner whose exchange its queue is bound to,
/// as <see cref="ServiceCatalogue"/> says (the one list of it). Only the model: what a service reads is unchanged.
/// </summary>
public static class ReplicationRelationships
{
    /// <summary>The relationship's type, as the dashboard names it.</summary>
    public const string Type = "Replicates from";

    /// <summary>
    /// Relates each of the cluster's services to the owners it replicates from, in the same cluster. Call it once the
    /// cluster's services are added (an owner can come after its replica: restaurants replicates reviews).
    /// </summary>
    public static SyncInfrastructure WithReplicationRelationships(this SyncInfrastructure infrastructure)
    {
        var builder = infrastructure.Broker.ApplicationBuilder;
        IResourceBuilder<ProjectResource> Service(string name) =>
            builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().SingleOrDefault(resource => resource.Name == infrastructure.Cluster.ResourceName(name))
                ?? throw new DistributedApplicationException($"{infrastructure.Cluster.ResourceName(name)} is not in the model: add every service before its replication relationships."));
        foreach (var replica in ServiceCatalogue.Services.Where(service => service.ReplicatedOwners.Count > 0))
        {
            var service = Service(replica.Name);
            foreach (var owner in replica.ReplicatedOwners)
            {
                service.WithRelationship(Service(owner).Resource, Type);
            }
        }
        return infrastructure;
    }
}
