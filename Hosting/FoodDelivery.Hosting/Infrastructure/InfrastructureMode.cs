namespace FoodDelivery.Hosting.Infrastructure;

/// <summary>How the broker and the database server are run (configuration <c>Infrastructure:Mode</c>).</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a container runtime answers, else local packages, else a clear error.</summary>
    Auto,

    /// <summary>The official RabbitMQ and PostgreSQL images.</summary>
    Containers,

    /// <summary>The Debian packages <c>rabbitmq-server</c> and <c>postgresql</c>, run as executables.</summary>
    Local,
}
