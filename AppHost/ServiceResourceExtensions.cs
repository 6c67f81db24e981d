using FoodDelivery.AppHost.Infrastructure;
using FoodDelivery.AppHost.Publishing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FoodDelivery.AppHost;

public static class ServiceResourceExtensions
{
    /// <summary>
    /// One FoodDelivery service: its own database (<c>{name}db</c>) and nobody else's, the broker,
    /// started once both are healthy, as healthy as its <c>/health</c> says (Degraded included), with the
    /// sync's repair commands in the dashboard, the key that signs and checks access tokens, and able
    /// to find the other services for its convergence check.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder, string name, SyncInfrastructure infrastructure,
        IResourceBuilder<ParameterResource> tokenSigningKey)
        where TProject : IProjectMetadata, new()
    {
        var database = infrastructure.AddDatabase($"{name}db");
        var service = builder.AddProject<TProject>(name)
            .WithHttpEndpoint()
            .WithPortableManifestEnvironment()
            .WithReference(infrastructure.Broker).WaitFor(infrastructure.Broker)
            .WithReference(database).WaitFor(database);

        var healthCheckKey = $"{name}_health";
        var endpoint = service.GetEndpoint("http");
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new ServiceHealthCheck(endpoint), failureStatus: null, tags: null));
        return service
            .WithHealthCheck(healthCheckKey)
            .WithEnvironment("Sync__AdminKey", infrastructure.AdminKey)
            .WithEnvironment("Jwt__SigningKey", tokenSigningKey)
            .WithSyncCommands(infrastructure.AdminKey)
            .WithSyncPeers();
    }
}
