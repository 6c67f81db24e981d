using FoodDelivery.Hosting.Clusters;
using FoodDelivery.Contracts;

namespace FoodDelivery.Hosting.Infrastructure.Broker;

public static class BrokerDefinitionsExtensions
{
    /// <summary>The name of every broker's AMQP endpoint, local or container.</summary>
    public const string AmqpEndpointName = "tcp";

    /// <summary>
    /// Local mode: writes the broker's definitions (<see cref="BrokerDefinitions"/>) to <paramref name="file"/> before
    /// every start, with the current secrets, and tells the launcher where they are (containers render theirs:
    /// <see cref="BrokerStartScript"/>); RabbitMQ imports them at boot, so a
    /// changed password takes effect on existing data and a wiped broker comes back with its whole topology. Run
    /// mode only: nothing starts in publish mode.
    /// </summary>
    public static IResourceBuilder<T> WithBrokerDefinitions<T>(
        this IResourceBuilder<T> broker, Cluster cluster, SyncParameters parameters, string file, string fileVariable, string certificateAuthorityFile)
        where T : IResourceWithEnvironment => broker.WithEnvironment(async context =>
        {
            if (context.ExecutionContext.IsPublishMode)
            {
                return;
            }
            var ct = context.CancellationToken;
            var credentials = parameters.CredentialsOf(cluster.Name);
            var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (user, password) in credentials.BrokerUsers.PasswordsByUser(credentials.BrokerPassword))
            {
                hashes[user] = RabbitMqPasswordHash.Of(await ValueAsync(password, ct));
            }
            var definitions = BrokerDefinitions.Build(new BrokerDefinitions.Input(
                cluster,
                await ValueAsync(parameters.BrokerUser, ct),
                user => hashes[user],
                cluster is { Name: { } name, HasPeer: true } && credentials.BrokerUsers.LinkPassword is { } linkPassword
                    ? FederationUpstreamUri(
                        $"{BrokerNames.FederationUser(name)}:{Uri.EscapeDataString(await ValueAsync(linkPassword, ct))}",
                        await PeerAmqpAddressAsync(broker.ApplicationBuilder, cluster, ct), "localhost", certificateAuthorityFile)
                    : null));
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, definitions.ToJsonString(), ct);
            // Password hashes only, but still nobody else's business.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            context.EnvironmentVariables[fileVariable] = file;
        });

    /// <summary>
    /// A service's AMQP connection string: its own broker user (named after it) and password, on the cluster's
    /// broker. Services never see the operator's credentials. Over TLS when the broker has a certificate: then the URI
    /// names the CA that verifies it (<see cref="BrokerUri"/>).
    /// </summary>
    public static ReferenceExpression ServiceConnectionString(
        IResource broker, string service, IResourceBuilder<ParameterResource> password, string? certificateAuthorityFile)
    {
        var amqp = new EndpointReference((IResourceWithEndpoints)broker, AmqpEndpointName);
        return certificateAuthorityFile is null
            ? ReferenceExpression.Create(
                $"amqp://{service}:{password.Resource}@{amqp.Property(EndpointProperty.Host)}:{amqp.Property(EndpointProperty.Port)}")
            : ReferenceExpression.Create(
                $"amqps://{service}:{password.Resource}@{amqp.Property(EndpointProperty.Host)}:{amqp.Property(EndpointProperty.Port)}?cacertfile={certificateAuthorityFile}");
    }

    /// <summary>
    /// A federation link's URI on the peer's broker: TLS only, the peer's certificate verified against the CA
    /// (<paramref name="certificateAuthorityFile"/>, on this broker's host) and its name against <paramref name="peerHost"/>.
    /// The query parameters are the Erlang client's (RabbitMQ's URI query parameters).
    /// </summary>
    public static string FederationUpstreamUri(string userInfo, string peerAddress, string peerHost, string certificateAuthorityFile) =>
        $"amqps://{userInfo}@{peerAddress}?cacertfile={certificateAuthorityFile}" +
        $"&verify=verify_peer&server_name_indication={peerHost}";

    /// <summary>The peer's local broker as this one dials it: on localhost, at the port the AppHost gave it.</summary>
    static async Task<string> PeerAmqpAddressAsync(IDistributedApplicationBuilder builder, Cluster cluster, CancellationToken ct)
    {
        var peerName = new Cluster(cluster.Peer, cluster.Name).ResourceName(SyncInfrastructureExtensions.BrokerName);
        var peer = builder.Resources.OfType<IResourceWithEndpoints>().Single(resource => resource.Name == peerName);
        return await peer.GetEndpoint(AmqpEndpointName, KnownNetworkIdentifiers.LocalhostNetwork).Property(EndpointProperty.HostAndPort).GetValueAsync(ct)
            ?? throw new InvalidOperationException($"{peerName} has no AMQP address yet.");
    }

    static async Task<string> ValueAsync(IResourceBuilder<ParameterResource> parameter, CancellationToken ct) =>
        await parameter.Resource.GetValueAsync(ct) ?? throw new InvalidOperationException($"Parameter {parameter.Resource.Name} has no value.");
}
