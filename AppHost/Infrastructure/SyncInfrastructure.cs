namespace FoodDelivery.AppHost.Infrastructure;

/// <summary>
/// The broker and the database server the services share, whichever mode runs them. Services only
/// see connection strings, so they cannot tell the modes apart.
/// </summary>
public sealed class SyncInfrastructure(
    InfrastructureMode mode,
    IResourceBuilder<IResourceWithConnectionString> broker,
    IResourceBuilder<IResourceWithConnectionString> databaseServer,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> addDatabase)
{
    public InfrastructureMode Mode { get; } = mode;

    /// <summary>The RabbitMQ broker, named <c>messaging</c>.</summary>
    public IResourceBuilder<IResourceWithConnectionString> Broker { get; } = broker;

    /// <summary>The PostgreSQL server, named <c>postgres</c>.</summary>
    public IResourceBuilder<IResourceWithConnectionString> DatabaseServer { get; } = databaseServer;

    /// <summary>Adds a database to the server; its name is also its connection string name.</summary>
    public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name) => addDatabase(name);
}
