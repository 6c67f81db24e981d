namespace FoodDelivery.Hosting.Infrastructure;

/// <summary>
/// One service's database on a PostgreSQL server (a container or a local process), reached with the
/// service's own login, not the server's superuser. Its connection string is what the service receives;
/// the infrastructure creates the database and the login (<see cref="DatabaseProvisioning"/>). <paramref name="tlsSettings"/>
/// (<c>SSL Mode=VerifyFull;Root Certificate=...</c>) is what the server's clients need to reach it over TLS.
/// </summary>
public sealed class ServiceDatabaseResource(
    string name, string databaseName, IResourceWithConnectionString server, EndpointReference serverEndpoint, DatabaseLogin login,
    string? tlsSettings)
    : Resource(name), IResourceWithParent<IResourceWithConnectionString>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public DatabaseLogin Login { get; } = login;

    /// <summary>The server, whose own connection string is the superuser's.</summary>
    public IResourceWithConnectionString Parent { get; } = server;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={serverEndpoint.Property(EndpointProperty.Host)};Port={serverEndpoint.Property(EndpointProperty.Port)};Username={Login.Role};Password={Login.Password.Resource};Database={DatabaseName}{(tlsSettings is null ? "" : ";" + tlsSettings)}");
}
