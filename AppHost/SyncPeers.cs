using FoodDelivery.AppHost.Clusters;

namespace FoodDelivery.AppHost;

public static class SyncPeers
{
    /// <summary>
    /// Lets a service find every other service by name (<c>http://restaurants</c>) through service
    /// discovery. Operator traffic only: a convergence check reads an owner's snapshots to compare
    /// them with its replica; business requests never read another service's data over HTTP.
    /// The services of its own cluster go by their plain names, so a service's code is the same in
    /// every cluster; those of another cluster keep their prefix (<c>http://west-restaurants</c>),
    /// for comparing the clusters with each other.
    /// Resolved when the service starts, so services added after this one are included.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSyncPeers(this IResourceBuilder<ProjectResource> service, Cluster cluster) =>
        service.WithEnvironment(context =>
        {
            foreach (var peer in service.ApplicationBuilder.Resources.OfType<ProjectResource>().Where(peer => peer != service.Resource))
            {
                if (peer.TryGetEndpoints(out var endpoints) && endpoints.Any(endpoint => endpoint.Name == "http"))
                {
                    var name = cluster.Owns(peer.Name) ? cluster.BaseName(peer.Name) : peer.Name;
                    context.EnvironmentVariables[$"services__{name}__http__0"] = new EndpointReference(peer, "http");
                }
            }
        });
}
