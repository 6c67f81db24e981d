namespace FoodDelivery.Sync.Registration;

/// <summary>Settings of the sync engine (configuration section <c>Sync</c>).</summary>
public sealed class SyncOptions
{
    public const string Section = "Sync";

    public const string DefaultCluster = "main";

    /// <summary>
    /// Names this service's exchange, queue and broker user (<see cref="FoodDelivery.Contracts.BrokerNames"/>) and is the
    /// <c>app_id</c> of what it publishes; must be one of the services in <see cref="FoodDelivery.Contracts.ServiceCatalogue"/>.
    /// </summary>
    public string ServiceName { get; set; } = "";

    /// <summary>
    /// The digest (<see cref="FoodDelivery.Contracts.OperatorKeys.Digest"/>) of this cluster's read key: the operator
    /// endpoints that only look (status, convergence, entity lookup, owned snapshots, dead letters listed and peeked)
    /// open with the key whose digest this is. A service holds no operator key, only what verifies one. Unset, only the
    /// repair key opens them.
    /// </summary>
    public string ReadKeyDigest { get; set; } = "";

    /// <summary>
    /// The digest of this cluster's repair key, which opens every operator endpoint, the ones that change something
    /// (replay, discard, resync, rebuild, re-home, account suspension) included. Unset, nobody can repair.
    /// </summary>
    public string RepairKeyDigest { get; set; } = "";

    /// <summary>
    /// This service's own credential for reading owned snapshots (<c>GET /sync/owned/{eventType}</c>) for its
    /// convergence check and rebuild: each owner of a type this service replicates holds its digest in
    /// <see cref="SnapshotReaders"/>, and so does the same service of the peer cluster, for the types both own.
    /// It opens nothing else anywhere.
    /// </summary>
    public string CallerKey { get; set; } = "";

    /// <summary>
    /// The digests of the caller keys that may read this service's owned snapshots, by caller: a service of this
    /// cluster (<c>menu</c>) reads the types <see cref="FoodDelivery.Contracts.ServiceCatalogue"/> says it
    /// replicates; the same service of the peer cluster (<c>west-orders</c>) reads what this service owns.
    /// </summary>
    public Dictionary<string, string> SnapshotReaders { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The cluster this service runs in. Every owned entity records the cluster it was created in
    /// (<see cref="IOwnedEntity.HomeCluster"/>) and only that cluster's owner writes it; every
    /// published event carries it. One cluster needs no setting.
    /// </summary>
    public string Cluster { get; set; } = DefaultCluster;

    /// <summary>
    /// The other cluster whose brokers are federated with this one's, or empty. When set, the
    /// convergence check also compares what this service owns with the same service there
    /// (service discovery name <c>{PeerCluster}-{ServiceName}</c>).
    /// </summary>
    public string PeerCluster { get; set; } = "";

    /// <summary>Unacknowledged deliveries a consumer holds at once.</summary>
    public ushort Prefetch { get; set; } = 128;

    /// <summary>
    /// Runs of deliveries applied at the same time. Safe because every apply is version-guarded, so the
    /// order in which two versions of one entity land does not change the result.
    /// </summary>
    public ushort ConsumerConcurrency { get; set; } = 4;

    /// <summary>
    /// The most deliveries applied in one transaction. A consumer takes what has arrived, up to this: one
    /// commit for the run instead of one per delivery when events come faster than they are applied.
    /// </summary>
    public int ApplyBatchSize { get; set; } = 32;

    /// <summary>How often the relay looks for pending rows when nobody woke it.</summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int RelayBatchSize { get; set; } = 200;

    /// <summary>Sent outbox rows are kept this long (for inspection), then pruned.</summary>
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Inbox rows (processed message ids) are kept this long. A redelivery older than this is
    /// still harmless: the version guard refuses it.
    /// </summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Attempts at a handler that fails for a reason that is not transient, before dead-lettering.</summary>
    public int HandlerAttempts { get; set; } = 3;

    /// <summary>The longest pause between retries while the database or broker is unreachable.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
