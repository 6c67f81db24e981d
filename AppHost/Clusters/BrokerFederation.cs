using FoodDelivery.AppHost.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FoodDelivery.AppHost.Clusters;

/// <summary>
/// Links the clusters' brokers with RabbitMQ's federation plugin: each broker's change exchange has
/// every other cluster's broker as upstream, so a change published in one cluster reaches the
/// other's queues too. <c>max-hops</c> 1: a message crosses one link and is never sent back, so two
/// links in opposite directions do not loop. Configured by the AppHost through each broker's
/// management API whenever that broker becomes ready, so every start re-applies the same
/// definitions (they also persist in the broker's data).
/// </summary>
public static class BrokerFederation
{
    /// <summary>The exchange the services declare and publish every change to.</summary>
    public const string Exchange = "fooddelivery.changes";

    public const string PolicyName = "federate-changes";

    /// <summary>
    /// Replaces the broker's enabled-plugins file in both modes (the image's and the local
    /// launcher's), so the management and Prometheus plugins must be listed again.
    /// </summary>
    const string EnabledPluginsVariable = "RABBITMQ_ENABLED_PLUGINS";

    const string EnabledPlugins = "rabbitmq_management,rabbitmq_prometheus,rabbitmq_federation,rabbitmq_federation_management";

    static readonly TimeSpan ConfigureDeadline = TimeSpan.FromMinutes(1);
    static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    /// <summary>Enables the federation plugin on a broker that has a peer cluster; a single cluster's broker stays as it is.</summary>
    public static IResourceBuilder<T> WithFederationPlugin<T>(this IResourceBuilder<T> broker, Cluster cluster)
        where T : IResourceWithEnvironment =>
        cluster.HasPeer ? broker.WithEnvironment(EnabledPluginsVariable, EnabledPlugins) : broker;

    /// <summary>
    /// Federates every cluster's change exchange with every other cluster's. Nothing to do for one
    /// cluster, nor in publish mode (nothing runs there to configure).
    /// </summary>
    public static void AddBrokerFederation(this IDistributedApplicationBuilder builder, IReadOnlyList<SyncInfrastructure> clusters)
    {
        if (clusters.Count < 2 || builder.ExecutionContext.IsPublishMode)
        {
            return;
        }
        foreach (var downstream in clusters)
        {
            var upstreams = clusters.Where(other => other != downstream).ToList();
            // Every time the broker becomes ready (first start and every restart). Only this broker is
            // needed: the links it creates keep retrying until the upstream broker answers.
            builder.Eventing.Subscribe<ResourceReadyEvent>(downstream.Broker.Resource, (ready, ct) =>
                ConfigureAsync(downstream, upstreams, ready.Services, ct));
        }
    }

    static async Task ConfigureAsync(
        SyncInfrastructure downstream, IReadOnlyList<SyncInfrastructure> upstreams, IServiceProvider services, CancellationToken ct)
    {
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(downstream.Broker.Resource);
        var deadline = DateTime.UtcNow + ConfigureDeadline;
        while (true)
        {
            try
            {
                await ApplyAsync(downstream, upstreams, logger, ct);
                logger.LogInformation("Federation: {Exchange} has upstream(s) {Upstreams} (max-hops 1, ack-mode on-confirm).",
                    Exchange, string.Join(", ", upstreams.Select(upstream => upstream.Broker.Resource.Name)));
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    // Logged, not thrown: the cluster still runs by itself, and the dashboard shows why it is not linked.
                    logger.LogError(ex, "Federation of {Exchange} could not be configured: {Error}", Exchange, ex.Message);
                    return;
                }
                await Task.Delay(RetryPause, ct);
            }
        }
    }

    /// <summary>
    /// The cluster name, one upstream per other cluster and the policy that federates the change exchange
    /// with them. Within one AppHost run the definitions never change, so re-applying them leaves running
    /// links alone: a link the broker restarts for a changed definition deletes the queue it consumes
    /// upstream, and whatever waited there for this cluster with it. They change only when the upstream's
    /// address does (local mode picks new ports at every AppHost start), and then the old link cannot be
    /// connected anyway.
    /// </summary>
    static async Task ApplyAsync(
        SyncInfrastructure downstream, IReadOnlyList<SyncInfrastructure> upstreams, ILogger logger, CancellationToken ct)
    {
        using var management = await FederationManagement.ConnectAsync(downstream, Exchange, PolicyName, logger, ct);
        await management.NameClusterAsync(downstream.Cluster.Name!, ct);
        foreach (var upstream in upstreams)
        {
            await management.DefineUpstreamAsync(upstream.Cluster.Name!, await AmqpUriAsync(upstream, ct), ct);
        }
        await management.FederateAsync(ct);
    }

    /// <summary>
    /// The upstream broker's AMQP URI as the downstream broker dials it: local brokers reach each other
    /// on localhost; a broker container reaches the other container on the container network, under its
    /// resource name and the AMQP target port (the host's mapped port is not reachable from inside).
    /// </summary>
    static async Task<string> AmqpUriAsync(SyncInfrastructure upstream, CancellationToken ct)
    {
        var network = upstream.Mode == InfrastructureMode.Containers
            ? KnownNetworkIdentifiers.DefaultAspireContainerNetwork
            : KnownNetworkIdentifiers.LocalhostNetwork;
        var amqp = ((IResourceWithEndpoints)upstream.Broker.Resource).GetEndpoint("tcp", network);
        var hostAndPort = await amqp.Property(EndpointProperty.HostAndPort).GetValueAsync(ct);
        var user = await upstream.Parameters.BrokerUser.Resource.GetValueAsync(ct);
        var password = await upstream.Parameters.BrokerPassword.Resource.GetValueAsync(ct);
        return $"amqp://{Uri.EscapeDataString(user ?? "")}:{Uri.EscapeDataString(password ?? "")}@{hostAndPort}";
    }
}
