using FoodDelivery.Sync.Broker;
using FoodDelivery.Sync.Telemetry;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Consumer;

/// <summary>One delivery from the queue, copied out of the client's buffers (they are reused after the callback).</summary>
public sealed record ChangeDelivery(
    string? MessageId,
    string? Type,
    string? SourceService,
    DateTimeOffset? CommittedAt,
    byte[] Body,
    IReadOnlyBasicProperties Properties)
{
    public static ChangeDelivery From(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        var committedAt = SyncActivities.HeaderNumber(SyncActivities.Headers(properties), ChangeHeaders.CommittedAt);
        return new ChangeDelivery(
            properties.MessageId,
            properties.Type,
            properties.AppId,
            committedAt is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            body.ToArray(),
            properties);
    }
}
