using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using FoodDelivery.Hosting.Infrastructure.Tls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FoodDelivery.Hosting.Infrastructure.Local;

/// <summary>Adds the broker and database server of local mode (Debian packages run as executables).</summary>
public static class LocalInfrastructureExtensions
{
    /// <summary>Where the launcher finds the broker's definitions (users, permissions, topology), written before each start.</summary>
    public const string DefinitionsFileVariable = "FD_RABBITMQ_DEFINITIONS_FILE";

    /// <summary>
    /// A local broker whose own connection string (health probe, tests, tools) is the operator's. It listens for AMQP
    /// over TLS only, with the certificate <paramref name="certificate"/>: nobody, service or federation link, can
    /// log in over a plaintext connection.
    /// </summary>
    public static IResourceBuilder<LocalRabbitMqResource> AddLocalRabbitMq(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory, ServerCertificate certificate,
        IResourceBuilder<ParameterResource> operatorUser, IResourceBuilder<ParameterResource> operatorPassword)
    {
        var baseDirectory = Path.Combine(dataDirectory, name);
        Directory.CreateDirectory(baseDirectory);
        var launcher = Path.Combine(builder.AppHostDirectory, "Infrastructure", "Local", "rabbitmq-local.sh");
        var broker = new LocalRabbitMqResource(
            name, launcher, baseDirectory, operatorUser.Resource, operatorPassword.Resource, certificate.CertificateAuthorityFile);

        var healthCheckKey = $"{name}_amqp";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new ServerProbeHealthCheck(broker, ServerProbes.AmqpAsync), failureStatus: null, tags: null));

        return builder.AddResource(broker)
            .WithArgs(launcher)
            // Not proxied: every service's AMQP traffic would otherwise pass through the orchestrator's
            // proxy process, which on two cores cost more CPU than the broker itself under load.
            .WithEndpoint(name: LocalRabbitMqResource.AmqpEndpointName, scheme: "tcp", env: "FD_RABBITMQ_AMQPS_PORT",
                port: FreeTcpPort(), isProxied: false)
            .WithHttpEndpoint(name: LocalRabbitMqResource.ManagementEndpointName, env: "FD_RABBITMQ_MANAGEMENT_PORT")
            .WithHttpEndpoint(name: LocalRabbitMqResource.PrometheusEndpointName, env: "FD_RABBITMQ_PROMETHEUS_PORT")
            .WithUrlForEndpoint(LocalRabbitMqResource.ManagementEndpointName, url => url.DisplayText = "RabbitMQ management")
            .WithUrlForEndpoint(LocalRabbitMqResource.PrometheusEndpointName, url =>
            {
                url.Url = "/metrics";
                url.DisplayText = "Prometheus metrics";
            })
            .WithServerCertificate(certificate)
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables["RABBITMQ_BASE_DIR"] = baseDirectory;
                // The node name names the data folder, so it must be stable for one data directory
                // and differ between directories (tests run brokers side by side).
                context.EnvironmentVariables["RABBITMQ_NODENAME"] = $"{name}-{ShortHash(baseDirectory)}@localhost";
                // Erlang distribution is only used by rabbitmqctl; it needs a port nobody else has.
                context.EnvironmentVariables["RABBITMQ_DIST_PORT"] = FreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
            })
            .WithHealthCheck(healthCheckKey)
            .ExcludeFromManifest();
    }

    /// <summary>A local PostgreSQL server that takes TCP connections over TLS only, with the certificate <paramref name="certificate"/>.</summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory, ServerCertificate certificate,
        IResourceBuilder<ParameterResource> userName, IResourceBuilder<ParameterResource> password)
    {
        var binDirectory = LocalServerBinaries.PostgresBinDirectory()
            ?? throw new DistributedApplicationException("PostgreSQL is not installed: apt-get install -y postgresql");
        var clusterDirectory = Path.Combine(dataDirectory, name);
        var launcher = Path.Combine(builder.AppHostDirectory, "Infrastructure", "Local", "postgres-local.sh");
        var server = new LocalPostgresResource(
            name, launcher, dataDirectory, userName.Resource, password.Resource, certificate.CertificateAuthorityFile);

        var healthCheckKey = $"{name}_sql";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new ServerProbeHealthCheck(server, ServerProbes.PostgresAsync), failureStatus: null, tags: null));

        return builder.AddResource(server)
            .WithArgs(launcher)
            // Not proxied, for the same reason as the broker's AMQP port.
            .WithEndpoint(name: LocalPostgresResource.PrimaryEndpointName, scheme: "tcp", env: "PG_PORT",
                port: FreeTcpPort(), isProxied: false)
            .WithEnvironment("PG_BIN", binDirectory)
            .WithEnvironment("PG_DATA", clusterDirectory)
            .WithServerCertificate(certificate)
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables["PG_USER"] = server.UserName;
                context.EnvironmentVariables["PG_PASSWORD"] = server.Password;
            })
            .WithHealthCheck(healthCheckKey)
            .ExcludeFromManifest();
    }

    /// <summary>Where the launchers find the server's certificate, its key and the CA.</summary>
    static IResourceBuilder<T> WithServerCertificate<T>(this IResourceBuilder<T> server, ServerCertificate certificate)
        where T : IResourceWithEnvironment => server
        .WithEnvironment("FD_TLS_CERT_FILE", certificate.CertificateFile)
        .WithEnvironment("FD_TLS_KEY_FILE", certificate.KeyFile)
        .WithEnvironment("FD_TLS_CA_FILE", certificate.CertificateAuthorityFile);

    static string ShortHash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..8];

    // A port for a server that binds it later: below the kernel's ephemeral range, where no outgoing connection and no
    // port-0 listener (the orchestrator's proxies, other tests' servers) can be given it in the meantime. A port from the
    // ephemeral range, free when picked, can be someone's by the time the server binds it: the server then never listens.
    // Never the same port twice in one process either: one picked for a server that has not bound it yet is still free.
    static int FreeTcpPort()
    {
        var ephemeralStart = EphemeralPortRangeStart();
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(FirstPickedPort, ephemeralStart);
            lock (PickedPorts)
            {
                if (PickedPorts.Contains(port))
                {
                    continue;
                }
                try
                {
                    using var listener = new TcpListener(IPAddress.Any, port);
                    listener.Start();
                    PickedPorts.Add(port);
                    return port;
                }
                catch (SocketException) when (attempt < 100)
                {
                    // Taken: try another.
                }
            }
        }
    }

    const int FirstPickedPort = 20000;

    static readonly HashSet<int> PickedPorts = [];

    static int EphemeralPortRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range)
            && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0],
                System.Globalization.CultureInfo.InvariantCulture, out var start)
            && start > FirstPickedPort + 1000
            ? start
            : 32768;
    }
}
