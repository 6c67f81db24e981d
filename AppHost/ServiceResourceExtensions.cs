using FoodDelivery.AppHost.Infrastructure;

namespace FoodDelivery.AppHost;

public static class ServiceResourceExtensions
{
    /// <summary>
    /// One FoodDelivery service: its own database (<c>{name}db</c>) and nobody else's, the broker,
    /// started once both are healthy, and healthy itself when its <c>/health</c> says so.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder, string name, SyncInfrastructure infrastructure)
        where TProject : IProjectMetadata, new()
    {
        var database = infrastructure.AddDatabase($"{name}db");
        return builder.AddProject<TProject>(name)
            .WithHttpEndpoint()
            .WithReference(infrastructure.Broker).WaitFor(infrastructure.Broker)
            .WithReference(database).WaitFor(database)
            .WithHttpHealthCheck("/health");
    }
}
