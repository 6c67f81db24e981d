namespace FoodDelivery.Hosting.Clusters;

/// <summary>
/// Links the clusters' brokers with RabbitMQ's federation plugin. What is federated, from where and as whom
/// is part of each broker's definitions, loaded at boot (<see cref="Infrastructure.Broker.BrokerDefinitions"/>):
/// per owner, this broker's peer exchange takes the peer's owner exchange through a link that logs into the
/// peer as the federation user. Here only the plugin is switched on.
/// </summary>
public static class BrokerFederation
{
    /// <summary>
    /// Replaces the broker's enabled-plugins file in both modes (the image's and the local
    /// launcher's), so the management and Prometheus plugins must be listed again.
    /// </summary>
    const string EnabledPluginsVariable = "RABBITMQ_ENABLED_PLUGINS";

    const string EnabledPlugins = "rabbitmq_management,rabbitmq_prometheus,rabbitmq_federation,rabbitmq_federation_management";

    /// <summary>Enables the federation plugin on a broker that has a peer cluster; a single cluster's broker stays as it is.</summary>
    public static IResourceBuilder<T> WithFederationPlugin<T>(this IResourceBuilder<T> broker, Cluster cluster)
        where T : IResourceWithEnvironment =>
        cluster.HasPeer ? broker.WithEnvironment(EnabledPluginsVariable, EnabledPlugins) : broker;
}
