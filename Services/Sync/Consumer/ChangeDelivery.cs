using FoodDelivery.Sync.Broker;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Consumer;

/// <summary>
/// One delivery from the queue, copied out of the client's buffers (they are reused after the callback).
/// <see cref="Exchange"/> is what the broker says it came through; <see cref="ClaimedPublisher"/> and
/// <see cref="ClaimedCluster"/> are what the sender wrote (<c>app_id</c>, <c>fd-origin-cluster</c>), only
/// compared with the provenance, never believed.
/// </summary>
public sealed record ChangeDelivery(
    string? MessageId,
    string? Type,
    string Exchange,
    string? ReceivedFrom,
    string? ClaimedPublisher,
    string? ClaimedCluster,
    DateTimeOffset? CommittedAt,
    byte[] Body,
    IReadOnlyBasicProperties Properties)
{
    public static ChangeDelivery From(string exchange, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        var headers = AmqpHeaders.Of(properties);
        var committedAt = AmqpHeaders.Number(headers, ChangeHeaders.CommittedAt);
        return new ChangeDelivery(
            properties.MessageId,
            properties.Type,
            exchange,
            AmqpHeaders.Text(headers, ChangeHeaders.ReceivedFrom),
            properties.AppId,
            AmqpHeaders.Text(headers, ChangeHeaders.OriginCluster),
            committedAt is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            body.ToArray(),
            properties);
    }
}
