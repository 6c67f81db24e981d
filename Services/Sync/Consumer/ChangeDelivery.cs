using FoodDelivery.Sync.Broker;
using FoodDelivery.Sync.Telemetry;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Consumer;

/// <summary>One delivery from the queue, copied out of the client's buffers (they are reused after the callback).</summary>
public sealed record ChangeDelivery(
    string? MessageId,
    string? Type,
    string? SourceService,
    string? OriginCluster,
    DateTimeOffset? CommittedAt,
    byte[] Body,
    IReadOnlyBasicProperties Properties)
{
    public static ChangeDelivery From(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        var headers = SyncActivities.Headers(properties);
        var committedAt = SyncActivities.HeaderNumber(headers, ChangeHeaders.CommittedAt);
        return new ChangeDelivery(
            properties.MessageId,
            properties.Type,
            properties.AppId,
            SyncActivities.HeaderText(headers, ChangeHeaders.OriginCluster),
            committedAt is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            body.ToArray(),
            properties);
    }
}
