using FoodDelivery.AppHost.Infrastructure;

namespace FoodDelivery.AppHost;

public static class ServiceResourceExtensions
{
    /// <summary>
    /// One FoodDelivery service: its own database (<c>{name}db</c>) and nobody else's, the broker,
    /// started once both are healthy, healthy itself when its <c>/health</c> says so, with the
    /// sync's repair commands in the dashboard.
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
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Sync__AdminKey", infrastructure.AdminKey)
            .WithSyncCommands(infrastructure.AdminKey);
    }
}
