namespace FoodDelivery.Hosting.Infrastructure;

/// <summary>
/// The AppHost's parameters: the non-secret user names, each cluster's own credentials
/// (<see cref="ClusterCredentials"/>) and each cluster's own operator keys. No secret is shared by the clusters
/// but accounts' token-signing key (<c>jwt-signing-key</c>, AppHost.cs), so a cluster's credentials open nothing
/// in the other.
/// </summary>
public sealed record SyncParameters(
    IResourceBuilder<ParameterResource> BrokerUser,
    IResourceBuilder<ParameterResource> DatabaseUser,
    IReadOnlyDictionary<string, ClusterCredentials> Credentials,
    IReadOnlyDictionary<string, OperatorKeyParameters> OperatorKeys)
{
    /// <summary>The credentials of cluster <paramref name="name"/> (null: the one cluster of a single-cluster system).</summary>
    public ClusterCredentials CredentialsOf(string? name) => Credentials[name ?? ""];

    /// <summary>The operator keys of cluster <paramref name="name"/> (null: the one cluster of a single-cluster system).</summary>
    public OperatorKeyParameters OperatorKeysOf(string? name) => OperatorKeys[name ?? ""];
}
