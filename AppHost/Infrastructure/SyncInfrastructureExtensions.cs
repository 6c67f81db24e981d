using FoodDelivery.AppHost.Infrastructure.Local;
using FoodDelivery.AppHost.Publishing;

namespace FoodDelivery.AppHost.Infrastructure;

public static class SyncInfrastructureExtensions
{
    public const string BrokerName = "messaging";
    public const string DatabaseServerName = "postgres";

    /// <summary>
    /// The broker and the PostgreSQL server, as containers or as local processes
    /// (<c>Infrastructure:Mode</c>). Credentials are generated secret parameters in both modes.
    /// </summary>
    public static SyncInfrastructure AddSyncInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var mode = InfrastructureModeSelector.Select(builder);

        // Non-secret defaults are published too, so aspirate and the Kubernetes output need no input for them.
        var brokerUser = builder.AddParameter($"{BrokerName}-user", "fooddelivery", publishValueAsDefault: true);
        var brokerPassword = builder.AddParameter($"{BrokerName}-password", GeneratedPassword(), secret: true, persist: true);
        var databaseUser = builder.AddParameter($"{DatabaseServerName}-user", "fooddelivery", publishValueAsDefault: true);
        var databasePassword = builder.AddParameter($"{DatabaseServerName}-password", GeneratedPassword(), secret: true, persist: true);

        var adminKey = builder.AddParameter("sync-admin-key", GeneratedPassword(), secret: true, persist: true);

        return mode == InfrastructureMode.Containers
            ? AddContainers(builder, adminKey, brokerUser, brokerPassword, databaseUser, databasePassword)
            : AddLocal(builder, adminKey, brokerUser, brokerPassword, databaseUser, databasePassword);
    }

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

    static SyncInfrastructure AddContainers(
        IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> adminKey,
        IResourceBuilder<ParameterResource> brokerUser, IResourceBuilder<ParameterResource> brokerPassword,
        IResourceBuilder<ParameterResource> databaseUser, IResourceBuilder<ParameterResource> databasePassword)
    {
        // Published volume names are fixed: Aspire's default ones hash the AppHost's path, so the committed
        // manifest would change with the folder it was generated in. Run mode keeps the defaults (existing data).
        var publishedVolume = (string server) => builder.ExecutionContext.IsPublishMode ? $"{server}-data" : null;
        var broker = builder.AddRabbitMQ(BrokerName, brokerUser, brokerPassword)
            .WithManagementPlugin()
            .WithDataVolume(publishedVolume(BrokerName))
            // The image enables the Prometheus plugin on this port.
            .WithHttpEndpoint(targetPort: 15692, name: "prometheus")
            .WithUrlForEndpoint("prometheus", url =>
            {
                url.Url = "/metrics";
                url.DisplayText = "Prometheus metrics";
            });
        var amqp = broker.GetEndpoint("tcp");
        broker.WithPortableManifestConnectionString(ReferenceExpression.Create(
            $"amqp://{brokerUser.Resource}:{brokerPassword.Resource}@{amqp.Property(EndpointProperty.Host)}:{amqp.Property(EndpointProperty.Port)}"));
        var server = builder.AddPostgres(DatabaseServerName, databaseUser, databasePassword)
            .WithDataVolume(publishedVolume(DatabaseServerName));
        return new SyncInfrastructure(InfrastructureMode.Containers, broker, server, adminKey, name => server.AddDatabase(name));
    }

    static SyncInfrastructure AddLocal(
        IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> adminKey,
        IResourceBuilder<ParameterResource> brokerUser, IResourceBuilder<ParameterResource> brokerPassword,
        IResourceBuilder<ParameterResource> databaseUser, IResourceBuilder<ParameterResource> databasePassword)
    {
        var dataDirectory = builder.LocalDataDirectory();
        var broker = builder.AddLocalRabbitMq(BrokerName, dataDirectory, brokerUser, brokerPassword);
        var server = builder.AddLocalPostgres(DatabaseServerName, dataDirectory, databaseUser, databasePassword);
        return new SyncInfrastructure(InfrastructureMode.Local, broker, server, adminKey, name => server.AddDatabase(name));
    }

    // Letters and digits only: the password goes into an AMQP URI and a key=value connection string.
    static GenerateParameterDefault GeneratedPassword() => new() { MinLength = 24, Special = false };
}
