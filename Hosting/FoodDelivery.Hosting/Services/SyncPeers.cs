using FoodDelivery.Hosting.Clusters;
using FoodDelivery.Contracts;

namespace FoodDelivery.Hosting.Services;

public static class SyncPeers
{
    /// <summary>
    /// Lets a service find every other service by name through service discovery: its API
    /// (<c>http://accounts</c>, for accounts' key set) and its management port (<c>http://_management.restaurants</c>).
    /// Otherwise operator traffic only: a convergence check reads an owner's snapshots to compare
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
                if (!peer.TryGetEndpoints(out var endpoints))
                {
                    continue;
                }
                var name = cluster.Owns(peer.Name) ? cluster.BaseName(peer.Name) : peer.Name;
                // The API port for accounts' key set, the management port for the operator calls (http://_management.{name}).
                foreach (var endpoint in endpoints.Where(endpoint => endpoint.Name is "http" or ManagementEndpoint.Name))
                {
                    context.EnvironmentVariables[$"services__{name}__{endpoint.Name}__0"] = new EndpointReference(peer, endpoint.Name);
                }
            }
        });
}
