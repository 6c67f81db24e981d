namespace FoodDelivery.AppHost;

public static class SyncPeers
{
    /// <summary>
    /// Lets a service find every other service by name (<c>http://restaurants</c>) through service
    /// discovery. Operator traffic only: a convergence check reads an owner's snapshots to compare
    /// them with its replica; business requests never read another service's data over HTTP.
    /// Resolved when the service starts, so services added after this one are included.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSyncPeers(this IResourceBuilder<ProjectResource> service) =>
        service.WithEnvironment(context =>
        {
            foreach (var peer in service.ApplicationBuilder.Resources.OfType<ProjectResource>().Where(peer => peer != service.Resource))
            {
                if (peer.TryGetEndpoints(out var endpoints) && endpoints.Any(endpoint => endpoint.Name == "http"))
                {
                    context.EnvironmentVariables[$"services__{peer.Name}__http__0"] = new EndpointReference(peer, "http");
                }
            }
        });
}
