using System.Text;
using RabbitMQ.Client;

namespace FoodDelivery.SystemTests;

/// <summary>
/// Talks to the broker directly, as a misbehaving or duplicating publisher would: the way to
/// inject duplicates, reordering and poison messages into the real exchange.
/// </summary>
public sealed class RawBroker : IAsyncDisposable
{
    public const string Exchange = "fooddelivery.changes";

    readonly IConnection connection;
    readonly IChannel channel;

    RawBroker(IConnection connection, IChannel channel)
    {
        this.connection = connection;
        this.channel = channel;
    }

    public static async Task<RawBroker> ConnectAsync(AppHostSystem system, string broker = "messaging")
    {
        var factory = new ConnectionFactory { Uri = new Uri((await system.App.GetConnectionStringAsync(broker))!) };
        var connection = await factory.CreateConnectionAsync("system-tests");
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        return new RawBroker(connection, channel);
    }

    public Task PublishAsync(string type, string json, string messageId, string appId = "system-tests") =>
        PublishAsync(Exchange, "", type, json, messageId, appId);

    /// <summary>Straight into one queue (the default exchange routes by queue name).</summary>
    public Task PublishToQueueAsync(string queue, string type, string json, string messageId, string appId = "system-tests") =>
        PublishAsync("", queue, type, json, messageId, appId);

    async Task PublishAsync(string exchange, string routingKey, string type, string json, string messageId, string appId)
    {
        var properties = new BasicProperties
        {
            MessageId = messageId,
            Type = type,
            ContentType = "application/json",
            AppId = appId,
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?> { ["fd-committed-at"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
        };
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, Encoding.UTF8.GetBytes(json));
    }

    /// <summary>A durable queue bound to the change exchange: unlike a recorder's, it keeps what arrives while nobody is connected, and survives a broker restart.</summary>
    public async Task DeclareBoundQueueAsync(string queue)
    {
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, Exchange, "");
    }

    public async Task DeleteQueueAsync(string queue) => await channel.QueueDeleteAsync(queue);

    /// <summary>Takes every message out of a queue (acknowledging it), returning their ids and headers.</summary>
    public async Task<List<(string? MessageId, IDictionary<string, object?> Headers)>> DrainAsync(string queue)
    {
        var taken = new List<(string?, IDictionary<string, object?>)>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
        {
            taken.Add((message.BasicProperties.MessageId, message.BasicProperties.Headers ?? new Dictionary<string, object?>()));
        }
        return taken;
    }

    /// <summary>
    /// A header as text. AMQP strings arrive as bytes; arrays and tables (federation's
    /// <c>x-received-from</c>) are written out as <c>[{key=value, ...}]</c>.
    /// </summary>
    public static string Text(object? header) => header switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        IDictionary<string, object?> table => "{" + string.Join(", ", table.Select(entry => $"{entry.Key}={Text(entry.Value)}")) + "}",
        System.Collections.IList list => "[" + string.Join(", ", list.Cast<object?>().Select(Text)) + "]",
        _ => header?.ToString() ?? "",
    };

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
