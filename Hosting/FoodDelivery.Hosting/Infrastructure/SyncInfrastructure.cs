using FoodDelivery.Hosting.Clusters;

namespace FoodDelivery.Hosting.Infrastructure;

/// <summary>
/// One cluster's broker and database server, whichever mode runs them. Services only see
/// connection strings, so they cannot tell the modes apart.
/// </summary>
public sealed class SyncInfrastructure(
    Cluster cluster,
    InfrastructureMode mode,
    SyncParameters parameters,
    IResourceBuilder<IResourceWithConnectionString> broker,
    IResourceBuilder<IResourceWithConnectionString> databaseServer,
    string? certificateAuthorityFile,
    Func<string, string, DatabaseLogin, IResourceBuilder<IResourceWithConnectionString>> addDatabase)
{
    /// <summary>
    /// The CA certificate (a path where services run) that the broker's and the database server's certificates chain
    /// to; <c>null</c> where the servers run without TLS (containers on a developer's machine).
    /// </summary>
    public string? CertificateAuthorityFile { get; } = certificateAuthorityFile;

    public Cluster Cluster { get; } = cluster;

    public InfrastructureMode Mode { get; } = mode;

    public SyncParameters Parameters { get; } = parameters;

    /// <summary>The RabbitMQ broker, named <c>messaging</c> (with two clusters <c>east-messaging</c>, ...).</summary>
    public IResourceBuilder<IResourceWithConnectionString> Broker { get; } = broker;

    /// <summary>The PostgreSQL server, named <c>postgres</c> (with two clusters <c>east-postgres</c>, ...).</summary>
    public IResourceBuilder<IResourceWithConnectionString> DatabaseServer { get; } = databaseServer;

    /// <summary>This cluster's own credentials: its broker's users and its servers' administrators.</summary>
    public ClusterCredentials Credentials => Parameters.CredentialsOf(Cluster.Name);

    /// <summary>This cluster's operator keys, whose digests its services hold (the dashboard commands send the least key that opens).</summary>
    public OperatorKeyParameters OperatorKeys => Parameters.OperatorKeysOf(Cluster.Name);

    /// <summary>
    /// Adds database <paramref name="name"/>, owned by <paramref name="service"/>'s own login, to this cluster's
    /// server. The resource carries the cluster prefix; the database itself, on a server of its own cluster,
    /// keeps the plain name.
    /// </summary>
    public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name, string service) =>
        addDatabase(Cluster.ResourceName(name), name, DatabaseLogin.For(DatabaseServer.ApplicationBuilder, Cluster, service));
}
