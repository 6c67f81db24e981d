namespace FoodDelivery.Sync.Broker;

/// <summary>AMQP header names the engine writes next to the standard message properties.</summary>
internal static class ChangeHeaders
{
    /// <summary>The owner's commit time in Unix milliseconds (AMQP's timestamp has only seconds).</summary>
    public const string CommittedAt = "fd-committed-at";

    public const string AggregateId = "fd-aggregate-id";

    public const string Version = "fd-version";

    /// <summary>
    /// The cluster whose owner published the event, which is always the entity's home cluster. Not believed:
    /// the exchange a message arrived through says its cluster, and a message that claims another is refused.
    /// </summary>
    public const string OriginCluster = "fd-origin-cluster";

    /// <summary>
    /// The exchange a dead-lettered or replayed message first arrived through, so a replay is judged by the
    /// publisher it really came from. Written by this service's own consumer and replay only, and believed
    /// only on a message that came back through this service's replay exchange, which nobody else may write.
    /// </summary>
    public const string ReceivedFrom = "fd-received-from";

    /// <summary>Why the engine dead-lettered a message, in words an operator can act on.</summary>
    public const string DeadLetterReason = "fd-dead-letter-reason";

    /// <summary>When the engine dead-lettered it, in Unix milliseconds (the broker records its own in <c>x-death</c>).</summary>
    public const string DeadLetteredAt = "fd-dead-lettered-at";

    /// <summary>The service whose consumer dead-lettered it.</summary>
    public const string DeadLetteredBy = "fd-dead-lettered-by";

    public const string TraceParent = "traceparent";

    public const string TraceState = "tracestate";
}
