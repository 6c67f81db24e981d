using FoodDelivery.Hosting.Clusters;
using FoodDelivery.Hosting.Infrastructure.Broker;
using FoodDelivery.Contracts;
using FoodDelivery.Hosting.Infrastructure.Local;
using FoodDelivery.Hosting.Infrastructure.Tls;
using FoodDelivery.Hosting.Publishing;

namespace FoodDelivery.Hosting.Infrastructure;

public static class SyncInfrastructureExtensions
{
    public const string BrokerName = "messaging";
    public const string DatabaseServerName = "postgres";

    /// <summary>
    /// The parameters: generated secrets of each cluster's own (<c>messaging-password</c>, <c>messaging-menu-password</c>...
    /// with one cluster; <c>east-messaging-password</c>, <c>west-messaging-password</c>... with two, and then each cluster's
    /// federation links' password, <c>east-messaging-federation-password</c>), each cluster's operator keys
    /// (<c>sync-read-key</c>, <c>sync-repair-key</c>, a caller key per service <c>menu-sync-caller-key</c>;
    /// <c>east-sync-read-key</c>...), and the operator user names, which are
    /// no secret. Non-secret defaults are published too, so aspirate and the Kubernetes output need no input for them.
    /// </summary>
    public static SyncParameters AddSyncParameters(this IDistributedApplicationBuilder builder, IReadOnlyList<Cluster> clusters)
    {
        IResourceBuilder<ParameterResource> Secret(Cluster cluster, string name) =>
            builder.AddParameter(cluster.ResourceName(name), GeneratedPassword(), secret: true, persist: true);
        // Made once per cluster: a cluster's links' password is checked by the peer's broker, which needs it too.
        var linkPasswords = clusters.Where(cluster => cluster.HasPeer)
            .ToDictionary(cluster => cluster.Name!, cluster => Secret(cluster, BrokerIdentities.FederationPasswordParameterName));
        return new SyncParameters(
            BrokerUser: builder.AddParameter($"{BrokerName}-user", "fooddelivery", publishValueAsDefault: true),
            DatabaseUser: builder.AddParameter($"{DatabaseServerName}-user", "fooddelivery", publishValueAsDefault: true),
            Credentials: clusters.ToDictionary(cluster => cluster.Name ?? "", cluster => new ClusterCredentials(
                BrokerPassword: Secret(cluster, $"{BrokerName}-password"),
                BrokerUsers: new BrokerIdentities(
                    ServiceCatalogue.Services.ToDictionary(
                        service => service.Name,
                        service => Secret(cluster, BrokerIdentities.PasswordParameterName(service.Name))),
                    LinkPassword: cluster.Name is { } name ? linkPasswords.GetValueOrDefault(name) : null,
                    PeerLinkPassword: cluster.Peer is { } peer ? linkPasswords[peer] : null),
                DatabasePassword: Secret(cluster, $"{DatabaseServerName}-password"))),
            OperatorKeys: clusters.ToDictionary(cluster => cluster.Name ?? "", cluster => new OperatorKeyParameters(
                Read: builder.AddParameter(cluster.ResourceName(OperatorKeys.ReadKeyParameter), GeneratedPassword(), secret: true, persist: true),
                Repair: builder.AddParameter(cluster.ResourceName(OperatorKeys.RepairKeyParameter), GeneratedPassword(), secret: true, persist: true),
                // Every service has one, so a cluster overlay differs from the one-cluster base only by names; accounts'
                // (it replicates nothing) opens something only at its namesake in the peer cluster.
                CallerKeys: ServiceCatalogue.Services.ToDictionary(
                    service => service.Name, service => Secret(cluster, $"{service.Name}-{OperatorKeys.CallerKeyParameterSuffix}")))));
    }

    /// <summary>
    /// One cluster's broker and PostgreSQL server, as containers or as local processes
    /// (<c>Infrastructure:Mode</c>), named with the cluster's prefix.
    /// </summary>
    public static SyncInfrastructure AddSyncInfrastructure(
        this IDistributedApplicationBuilder builder, Cluster cluster, SyncParameters parameters) =>
        InfrastructureModeSelector.Select(builder) == InfrastructureMode.Containers
            ? AddContainers(builder, cluster, parameters)
            : AddLocal(builder, cluster, parameters);

    /// <summary>
    /// Where local mode keeps its data: <c>Infrastructure:DataDirectory</c>, else <c>.data/</c> at
    /// the repository root (ignored by git), so data survives a restart of the AppHost.
    /// </summary>
    public static string LocalDataDirectory(this IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration["Infrastructure:DataDirectory"];
        var directory = Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(builder.AppHostDirectory, "..", ".data")
            : configured);
        Directory.CreateDirectory(directory);
        return directory;
    }

    static SyncInfrastructure AddContainers(IDistributedApplicationBuilder builder, Cluster cluster, SyncParameters parameters)
    {
        var brokerName = cluster.ResourceName(BrokerName);
        var serverName = cluster.ResourceName(DatabaseServerName);
        // Published volume names are fixed: Aspire's default ones hash the AppHost's path, so the committed
        // manifest would change with the folder it was generated in. Run mode keeps the defaults (existing data).
        var publishedVolume = (string server) => builder.ExecutionContext.IsPublishMode ? $"{server}-data" : null;
        var credentials = parameters.CredentialsOf(cluster.Name);
        var broker = builder.AddRabbitMQ(brokerName, parameters.BrokerUser, credentials.BrokerPassword)
            .WithManagementPlugin()
            .WithDataVolume(publishedVolume(brokerName))
            // The image enables the Prometheus plugin on this port.
            .WithHttpEndpoint(targetPort: 15692, name: "prometheus")
            .WithUrlForEndpoint("prometheus", url =>
            {
                url.Url = "/metrics";
                url.DisplayText = "Prometheus metrics";
            })
            .WithFederationPlugin(cluster)
            .WithPublishedTls();
        // Users, permissions and topology come from definitions the container renders at start from its own secrets.
        broker.WithDefinitionsRenderedAtStart(cluster, parameters);
        // Published, every connection is TLS (PublishedTls); containers on a developer's machine keep plaintext.
        var published = builder.ExecutionContext.IsPublishMode;
        var amqp = broker.GetEndpoint("tcp");
        broker.WithPortableManifestConnectionString(published
            ? ReferenceExpression.Create(
                $"amqps://{parameters.BrokerUser.Resource}:{credentials.BrokerPassword.Resource}@{amqp.Property(EndpointProperty.Host)}:{amqp.Property(EndpointProperty.Port)}?cacertfile={PublishedTls.CertificateAuthorityFile}")
            : ReferenceExpression.Create(
                $"amqp://{parameters.BrokerUser.Resource}:{credentials.BrokerPassword.Resource}@{amqp.Property(EndpointProperty.Host)}:{amqp.Property(EndpointProperty.Port)}"));
        var server = builder.AddPostgres(serverName, parameters.DatabaseUser, credentials.DatabasePassword)
            .WithDataVolume(publishedVolume(serverName))
            .WithServiceLoginsInitScript()
            .WithPublishedTls();
        // Not Aspire's AddDatabase: its connection string is the superuser's.
        return new SyncInfrastructure(cluster, InfrastructureMode.Containers, parameters, broker, server,
            published ? PublishedTls.CertificateAuthorityFile : null,
            (name, databaseName, login) => server.AddServiceDatabase(
                server.Resource.PrimaryEndpoint, name, databaseName, login, published ? PublishedTls.DatabaseClientSettings : null));
    }

    static SyncInfrastructure AddLocal(IDistributedApplicationBuilder builder, Cluster cluster, SyncParameters parameters)
    {
        var dataDirectory = builder.LocalDataDirectory();
        var authority = LocalCertificateAuthority.In(dataDirectory);
        var brokerName = cluster.ResourceName(BrokerName);
        var serverName = cluster.ResourceName(DatabaseServerName);
        var credentials = parameters.CredentialsOf(cluster.Name);
        var broker = builder.AddLocalRabbitMq(brokerName, dataDirectory, authority.IssueFor(brokerName), parameters.BrokerUser, credentials.BrokerPassword)
            .WithFederationPlugin(cluster)
            .WithBrokerDefinitions(cluster, parameters, Path.Combine(dataDirectory, brokerName, "definitions.json"),
                LocalInfrastructureExtensions.DefinitionsFileVariable, authority.CertificateFile);
        var server = builder.AddLocalPostgres(serverName, dataDirectory, authority.IssueFor(serverName), parameters.DatabaseUser, credentials.DatabasePassword);
        return new SyncInfrastructure(cluster, InfrastructureMode.Local, parameters, broker, server, authority.CertificateFile,
            (name, databaseName, login) => server.AddServiceDatabase(server.Resource.PrimaryEndpoint, name, databaseName, login, server.Resource.TlsSettings));
    }

    // Letters and digits only: the password goes into an AMQP URI and a key=value connection string.
    internal static GenerateParameterDefault GeneratedPassword() => new() { MinLength = 24, Special = false };
}
