namespace FoodDelivery.Hosting.Infrastructure.Local;

/// <summary>
/// A PostgreSQL server from the Debian package, run by Aspire as an executable through a launcher
/// script (initdb on first start; drops to the postgres user when run as root). It takes TCP connections over TLS
/// only, and every connection string verifies its certificate and name against the local CA.
/// </summary>
public sealed class LocalPostgresResource(
    string name, string launcher, string workingDirectory, ParameterResource userName, ParameterResource password, string certificateAuthorityFile)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    public string Launcher { get; } = launcher;

    public ParameterResource UserName { get; } = userName;

    public ParameterResource Password { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create(
            $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={Password};{TlsSettings}");

    /// <summary>What every connection string to this server carries: TLS, with the server verified by the local CA.</summary>
    public string TlsSettings { get; } = $"SSL Mode=VerifyFull;Root Certificate={certificateAuthorityFile}";
}
