using FoodDelivery.Hosting.Clusters;
using FoodDelivery.Hosting.Commands;
using FoodDelivery.Hosting.Infrastructure;
using FoodDelivery.Hosting.Infrastructure.Broker;
using FoodDelivery.Hosting.Publishing;
using FoodDelivery.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FoodDelivery.Hosting.Services;

public static class ServiceResourceExtensions
{
    /// <summary>
    /// One FoodDelivery service of one cluster: its own database (<c>{name}db</c>), reached with its own
    /// login that can reach nobody else's, the cluster's broker as its own broker user (<c>{name}</c>),
    /// started once both are healthy, as healthy as its <c>/health</c> says (Degraded included), with the
    /// sync's repair commands in the dashboard, and able to find the other services (for its convergence
    /// check, and accounts' key set of access-token keys). The resource carries the cluster prefix
    /// (<c>east-orders</c>); the connection names do not (<c>messaging</c>, <c>ordersdb</c>), so a
    /// service's configuration is the same in every cluster.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder, string name, SyncInfrastructure infrastructure)
        where TProject : IProjectMetadata, new()
    {
        var cluster = infrastructure.Cluster;
        var databaseName = $"{name}db";
        var database = infrastructure.AddDatabase(databaseName, name);
        var service = builder.AddProject<TProject>(cluster.ResourceName(name))
            .StartsFromBuildOutput()
            .WithHttpEndpoint(port: DeveloperExperience.PortOf(builder, cluster, name))
            // The operator endpoints' own port (ManagementPort in ServiceDefaults); a fixed one once published,
            // where the API keeps the usual 8080.
            .WithHttpEndpoint(port: DeveloperExperience.ManagementPortOf(builder, cluster, name),
                targetPort: builder.ExecutionContext.IsPublishMode ? PublishedManagementPort : null, name: ManagementEndpoint.Name)
            .WithPortableManifestEnvironment()
            .WithPublishedCertificateAuthority()
            // Its own broker user, never the operator's: the broker enforces what it may write and read.
            .WithEnvironment($"ConnectionStrings__{SyncInfrastructureExtensions.BrokerName}", BrokerDefinitionsExtensions.ServiceConnectionString(
                infrastructure.Broker.Resource, name, infrastructure.Credentials.BrokerUsers.PasswordOf(name), infrastructure.CertificateAuthorityFile))
            .WithReferenceRelationship(infrastructure.Broker).WaitFor(infrastructure.Broker)
            .WithReference(database, databaseName).WaitFor(database);

        var healthCheckKey = $"{service.Resource.Name}_health";
        // The management port's /health has the checks' details; the API port's only the status.
        var endpoint = service.GetEndpoint(ManagementEndpoint.Name);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new ServiceHealthCheck(endpoint), failureStatus: null, tags: null));
        if (ReplicasOf(builder) is > 1 and var replicas)
        {
            // Scale-out: competing consumers on the service's queue, one relay at a time (its advisory lock).
            service.WithReplicas(replicas);
        }
        return service
            .WithEnvironment("Management__Port", service.GetEndpoint(ManagementEndpoint.Name).Property(EndpointProperty.TargetPort))
            .WithHealthCheck(healthCheckKey)
            .WithOperatorKeyDigests(name, infrastructure)
            .WithCluster(infrastructure, name)
            .WithSyncCommands(infrastructure.OperatorKeys)
            .WithOperatorCommands(infrastructure.OperatorKeys)
            .WithRepairCommands(name, infrastructure.OperatorKeys)
            .WithApiExplorer()
            .WithSyncPeers(cluster);
    }

    /// <summary>The management endpoint's port in the published manifest (and so in Kubernetes).</summary>
    public const int PublishedManagementPort = 8081;

    /// <summary>Processes per service (configuration <c>Services:Replicas</c>, 1 by default).</summary>
    static int ReplicasOf(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration["Services:Replicas"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return 1;
        }
        return int.TryParse(configured, out var replicas) && replicas is >= 1 and <= 8
            ? replicas
            : throw new DistributedApplicationException($"Services:Replicas is '{configured}'; use a number from 1 to 8.");
    }

    /// <summary>
    /// Tells a service of a two-cluster system which cluster it runs in and which one is its peer
    /// (<c>Sync__Cluster</c>, <c>Sync__PeerCluster</c>), and gives it the command that takes over the peer's
    /// entities. Its convergence check reads its namesake in the peer with its own caller key
    /// (<see cref="OperatorKeyDigests"/>), which opens only those snapshots there. A single cluster sets none: the
    /// engine names it itself, and the published manifest stays as it is.
    /// </summary>
    static IResourceBuilder<ProjectResource> WithCluster(this IResourceBuilder<ProjectResource> service, SyncInfrastructure infrastructure, string serviceName) =>
        infrastructure is { Cluster: { Name: { } name, Peer: { } peer } }
            ? service.WithEnvironment("Sync__Cluster", name).WithEnvironment("Sync__PeerCluster", peer)
                .WithTakeOverCommand(serviceName, infrastructure.OperatorKeys.Repair, infrastructure.Parameters.OperatorKeysOf(peer).Repair, name, peer)
            : service;
}
