namespace FoodDelivery.Contracts;

/// <summary>
/// The names of the broker objects, shared by the infrastructure that declares them (the AppHost's
/// definitions) and the engine that uses them. One fanout exchange per owner, so the exchange a
/// message arrived through says who published it: only the owner may write there.
/// </summary>
public static class BrokerNames
{
    const string Prefix = "fooddelivery";

    /// <summary>Where <paramref name="owner"/>'s change events enter the bus; only its user may write here.</summary>
    public static string OwnerExchange(string owner) => $"{Prefix}.{owner}";

    /// <summary>
    /// With two clusters: the exchange in this cluster's broker that the federation link fills with
    /// <paramref name="owner"/>'s events from <paramref name="peerCluster"/>. Only the link writes here,
    /// so what arrives through it comes from the peer's owner.
    /// </summary>
    public static string PeerExchange(string peerCluster, string owner) => $"{Prefix}.{peerCluster}.{owner}";

    /// <summary>The service's own queue of change events.</summary>
    public static string Queue(string service) => $"{service}.changes";

    public static string DeadLetterQueue(string service) => $"{service}.dead-letters";

    /// <summary>Leads to the service's dead-letter queue; written by the broker (delivery limit) and the service's own consumer.</summary>
    public static string DeadLetterExchange(string service) => $"{Prefix}.{service}.dead-letters";

    /// <summary>Leads back to the service's own queue, for replaying its dead letters; only the service writes here.</summary>
    public static string ReplayExchange(string service) => $"{Prefix}.{service}.replay";

    /// <summary>
    /// The routing key of letters the broker dead-letters (the queue's <c>x-dead-letter-routing-key</c>, after the
    /// delivery limit); the engine's own dead letters carry <see cref="EngineDeadLetterKey"/>. Only the broker and
    /// the service itself write to its dead-letter exchange, so the key tells a replay who wrote a letter.
    /// </summary>
    public const string BrokerDeadLetterKey = "delivery-limit";

    public const string EngineDeadLetterKey = "refused";

    /// <summary>
    /// With two clusters: the broker user <paramref name="cluster"/>'s federation links log into the peer's broker as
    /// (<c>federation-east</c> exists only on west's broker). One per direction, so each link's login opens only its own
    /// link objects on the peer, and nothing on its own cluster's broker.
    /// </summary>
    public static string FederationUser(string cluster) => $"federation-{cluster}";
}
