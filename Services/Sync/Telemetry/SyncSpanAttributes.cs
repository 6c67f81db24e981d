namespace FoodDelivery.Sync.Telemetry;

/// <summary>
/// The attribute names on the engine's spans: the OpenTelemetry messaging conventions' (general and RabbitMQ's), and
/// the engine's own under <c>fooddelivery.sync.*</c>. Written down once, for the spans, the docs and the tests.
/// </summary>
internal static class SyncSpanAttributes
{
    public const string System = "messaging.system";
    public const string OperationName = "messaging.operation.name";
    public const string OperationType = "messaging.operation.type";
    public const string DestinationName = "messaging.destination.name";
    public const string Subscription = "messaging.destination.subscription.name";
    public const string RoutingKey = "messaging.rabbitmq.destination.routing_key";
    public const string DeliveryTag = "messaging.rabbitmq.message.delivery_tag";
    public const string MessageId = "messaging.message.id";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string ErrorType = "error.type";

    public const string EventType = "fooddelivery.sync.event_type";
    public const string EntityId = "fooddelivery.sync.entity.id";
    public const string EntityVersion = "fooddelivery.sync.entity.version";

    /// <summary>The version's ownership epoch (its high bits, <see cref="FoodDelivery.Contracts.ChangeVersion"/>): 0 until a re-home.</summary>
    public const string EntityEpoch = "fooddelivery.sync.entity.epoch";

    public const string Outcome = "fooddelivery.sync.outcome";
    public const string OriginCluster = "fooddelivery.sync.origin_cluster";

    /// <summary>The operation names: the span names start with them.</summary>
    public const string PublishOperation = "publish";
    public const string ProcessOperation = "process";
}
