namespace FoodDelivery.Hosting.Clusters;

/// <summary>
/// One complete copy of the system (broker, PostgreSQL, seven services) and how its resources are
/// named. With one cluster it has no name, so resource names, connection names and the published
/// manifest are what they always were; with two, every resource carries the cluster's name as a
/// prefix (<c>east-orders</c>) so the dashboard groups each cluster's resources together.
/// </summary>
public sealed record Cluster(string? Name, string? Peer)
{
    /// <summary>The one unnamed cluster of a single-cluster system.</summary>
    public static readonly Cluster Single = new(null, null);

    /// <summary>True when another cluster exists, so the brokers must be federated.</summary>
    public bool HasPeer => Peer is not null;

    public string ResourceName(string baseName) => Name is null ? baseName : $"{Name}-{baseName}";

    /// <summary>True when <paramref name="resourceName"/> is one of this cluster's resources.</summary>
    public bool Owns(string resourceName) => Name is null || resourceName.StartsWith($"{Name}-", StringComparison.Ordinal);

    /// <summary>The name a resource of this cluster has without the cluster prefix (<c>east-orders</c> -> <c>orders</c>).</summary>
    public string BaseName(string resourceName) => Name is null ? resourceName : resourceName[(Name.Length + 1)..];
}
