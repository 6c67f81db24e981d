using FoodDelivery.Contracts;

namespace FoodDelivery.Hosting.Infrastructure.Broker;

/// <summary>
/// Who logs into one cluster's broker besides the operator (<see cref="ClusterCredentials.BrokerPassword"/>: the AppHost, its
/// dashboard links, tests and tools, the broker's administrator), each with a generated secret password of this cluster:
/// one user per service, named after it, and with two clusters the federation links. <see cref="LinkPassword"/> is this
/// cluster's links' password on the peer's broker (user <see cref="BrokerNames.FederationUser"/> of this cluster);
/// <see cref="PeerLinkPassword"/> the peer's links' password, which this broker checks.
/// </summary>
public sealed record BrokerIdentities(
    IReadOnlyDictionary<string, IResourceBuilder<ParameterResource>> ServicePasswords,
    IResourceBuilder<ParameterResource>? LinkPassword,
    IResourceBuilder<ParameterResource>? PeerLinkPassword)
{
    /// <summary>The key <see cref="BrokerDefinitions.Input.PasswordHash"/> is asked for the peer's federation user's hash.</summary>
    public const string PeerLinkKey = "peer-link";

    /// <summary>The base name of a cluster's federation links' password parameter (<c>east-messaging-federation-password</c>).</summary>
    public const string FederationPasswordParameterName = $"{SyncInfrastructureExtensions.BrokerName}-federation-password";

    public IResourceBuilder<ParameterResource> PasswordOf(string service) =>
        ServicePasswords.TryGetValue(service, out var password)
            ? password
            : throw new InvalidOperationException($"{service} has no broker user: it is not in ServiceCatalogue.");

    /// <summary>
    /// Every user of this broker with its password parameter, by the user's key in the definitions: a service's name,
    /// <see cref="PeerLinkKey"/> for the peer's federation user, <see cref="BrokerDefinitions.OperatorKey"/> for the operator.
    /// </summary>
    public IEnumerable<KeyValuePair<string, IResourceBuilder<ParameterResource>>> PasswordsByUser(IResourceBuilder<ParameterResource> operatorPassword)
    {
        IEnumerable<KeyValuePair<string, IResourceBuilder<ParameterResource>>> users = ServicePasswords;
        if (PeerLinkPassword is not null)
        {
            users = users.Append(KeyValuePair.Create(PeerLinkKey, PeerLinkPassword));
        }
        return users.Append(KeyValuePair.Create(BrokerDefinitions.OperatorKey, operatorPassword));
    }

    /// <summary>The secret parameter of a service's broker password, e.g. <c>messaging-menu-password</c> (<c>east-messaging-menu-password</c>).</summary>
    public static string PasswordParameterName(string service) => $"{SyncInfrastructureExtensions.BrokerName}-{service}-password";
}
