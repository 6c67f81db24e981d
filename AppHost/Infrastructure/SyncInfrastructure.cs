namespace FoodDelivery.AppHost.Infrastructure;

/// <summary>
/// The broker and the database server the services share, whichever mode runs them. Services only
/// see connection strings, so they cannot tell the modes apart.
/// </summary>
public sealed class SyncInfrastructure(
    InfrastructureMode mode,
    IResourceBuilder<IResourceWithConnectionString> broker,
    IResourceBuilder<IResourceWithConnectionString> databaseServer,
    IResourceBuilder<ParameterResource> adminKey,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> addDatabase)
{
    public InfrastructureMode Mode { get; } = mode;

    /// <summary>The RabbitMQ broker, named <c>messaging</c>.</summary>
    public IResourceBuilder<IResourceWithConnectionString> Broker { get; } = broker;

    /// <summary>The PostgreSQL server, named <c>postgres</c>.</summary>
    public IResourceBuilder<IResourceWithConnectionString> DatabaseServer { get; } = databaseServer;

    /// <summary>The operator key the services' repair endpoints demand (the dashboard commands send it).</summary>
    public IResourceBuilder<ParameterResource> AdminKey { get; } = adminKey;

    /// <summary>Adds a database to the server; its name is also its connection string name.</summary>
    public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name) => addDatabase(name);
}
