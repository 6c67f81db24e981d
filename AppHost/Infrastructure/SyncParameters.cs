using FoodDelivery.AppHost.Infrastructure.Broker;

namespace FoodDelivery.AppHost.Infrastructure;

/// <summary>
/// The credentials, one set for every cluster (a federation link logs into either broker with the same
/// password), and each cluster's own operator keys. <see cref="BrokerUser"/> is the broker's operator
/// (administrator); services and federation links log in as <see cref="BrokerUsers"/>.
/// </summary>
public sealed record SyncParameters(
    IResourceBuilder<ParameterResource> BrokerUser,
    IResourceBuilder<ParameterResource> BrokerPassword,
    BrokerIdentities BrokerUsers,
    IResourceBuilder<ParameterResource> DatabaseUser,
    IResourceBuilder<ParameterResource> DatabasePassword,
    IReadOnlyDictionary<string, OperatorKeyParameters> OperatorKeys)
{
    /// <summary>The operator keys of cluster <paramref name="name"/> (null: the one cluster of a single-cluster system).</summary>
    public OperatorKeyParameters OperatorKeysOf(string? name) => OperatorKeys[name ?? ""];
}
