namespace FoodDelivery.AppHost.Infrastructure.Local;

/// <summary>
/// RabbitMQ from the Debian package, run by Aspire as an executable. Services get the same AMQP
/// connection string they would get from the container resource.
/// </summary>
public sealed class LocalRabbitMqResource(string name, string launcher, string workingDirectory, ParameterResource userName, ParameterResource password)
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
            $"amqp://{UserName}:{Password}@{AmqpEndpoint.Property(EndpointProperty.Host)}:{AmqpEndpoint.Property(EndpointProperty.Port)}");
}
