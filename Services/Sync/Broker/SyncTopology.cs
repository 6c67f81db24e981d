using RabbitMQ.Client;

namespace FoodDelivery.Sync.Broker;

/// <summary>
/// The broker objects the sync needs, declared idempotently by every service at start-up: the
/// fanout exchange; this service's durable quorum queue bound to it, with a delivery limit and
/// at-least-once dead-lettering into its own dead-letter queue. Only features RabbitMQ 3.10 and
/// 4.x share are used.
/// </summary>
public sealed class SyncTopology(SyncOptions options)
{
    /// <summary>The broker's connection string name, as the AppHost calls it.</summary>
    public const string BrokerConnectionName = "messaging";

    public string Exchange => options.Exchange;

    public string DeadLetterExchange => options.DeadLetterExchange;

    public string Queue => $"{options.ServiceName}.changes";

    public string DeadLetterQueue => $"{options.ServiceName}.dead-letters";

    /// <summary>The routing key that leads from the dead-letter exchange to this service's queue.</summary>
    public string DeadLetterRoutingKey => options.ServiceName;

    public async Task DeclareAsync(IChannel channel, CancellationToken ct)
    {
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: ct);

        await channel.QueueDeclareAsync(DeadLetterQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct);
        await channel.QueueBindAsync(DeadLetterQueue, DeadLetterExchange, DeadLetterRoutingKey, cancellationToken: ct);

        await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?>
            {
                ["x-queue-type"] = "quorum",
                ["x-delivery-limit"] = options.DeliveryLimit,
                ["x-dead-letter-exchange"] = DeadLetterExchange,
                ["x-dead-letter-routing-key"] = DeadLetterRoutingKey,
                // Dead letters are confirmed into their queue, so even they are not lost.
                ["x-dead-letter-strategy"] = "at-least-once",
                ["x-overflow"] = "reject-publish",
            },
            cancellationToken: ct);
        await channel.QueueBindAsync(Queue, Exchange, routingKey: "", cancellationToken: ct);
    }
}
