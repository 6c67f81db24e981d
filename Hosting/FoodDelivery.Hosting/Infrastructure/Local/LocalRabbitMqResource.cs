namespace FoodDelivery.Hosting.Infrastructure.Local;

/// <summary>
/// RabbitMQ from the Debian package, run by Aspire as an executable. It listens for AMQP over TLS only; its
/// connection string names the CA that signed its certificate (<see cref="Contracts.BrokerUri"/>).
/// </summary>
public sealed class LocalRabbitMqResource(
    string name, string launcher, string workingDirectory, ParameterResource userName, ParameterResource password, string certificateAuthorityFile)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    public const string AmqpEndpointName = "tcp";
    public const string ManagementEndpointName = "management";
    public const string PrometheusEndpointName = "prometheus";

    public string Launcher { get; } = launcher;

    public ParameterResource UserName { get; } = userName;

    public ParameterResource Password { get; } = password;

    public EndpointReference AmqpEndpoint => new(this, AmqpEndpointName);

    public EndpointReference ManagementEndpoint => new(this, ManagementEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create(
            $"amqps://{UserName}:{Password}@{AmqpEndpoint.Property(EndpointProperty.Host)}:{AmqpEndpoint.Property(EndpointProperty.Port)}?cacertfile={CertificateAuthorityFile}");

    public string CertificateAuthorityFile { get; } = certificateAuthorityFile;
}
