using FoodDelivery.Sync.Broker;
using FoodDelivery.Sync.Telemetry;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Consumer;

/// <summary>
/// One delivery from the queue, copied out of the client's buffers (they are reused after the callback).
/// <see cref="Exchange"/> is what the broker says it came through; <see cref="ClaimedPublisher"/> and
/// <see cref="ClaimedCluster"/> are what the sender wrote (<c>app_id</c>, <c>fd-origin-cluster</c>), only
/// compared with the provenance, never believed. <see cref="Malformed"/> says what is wrong with the properties
/// or headers the engine reads, for the screening to dead-letter: reading a delivery never throws, whatever its
/// publisher set, so nothing can stall the consumer before the screening sees it.
/// </summary>
internal sealed record ChangeDelivery(
    string? MessageId,
    string? Type,
    string Exchange,
    string? ReceivedFrom,
    string? ClaimedPublisher,
    string? ClaimedCluster,
    DateTimeOffset? CommittedAt,
    byte[] Body,
    IReadOnlyBasicProperties Properties,
    string? Malformed = null)
{
    /// <summary>The routing key it was published with (the owner exchanges' is empty), for its span.</summary>
    public string RoutingKey { get; init; } = "";

    /// <summary>
    /// The trace it travels in: the <c>traceparent</c> header's, then its process span's (a new trace when the header
    /// had none); recorded in the inbox, so "Where is ...?" links each received version to its trace.
    /// </summary>
    public string? TraceId { get; init; }

    /// <summary>The longest message id or type accepted (the inbox's columns).</summary>
    public const int MaxNameLength = 100;

    /// <summary>The longest text accepted in a header the engine reads (W3C's limit for <c>tracestate</c>).</summary>
    const int MaxHeaderLength = 512;

    static readonly string[] TextHeaders =
        [ChangeHeaders.ReceivedFrom, ChangeHeaders.OriginCluster, ChangeHeaders.TraceParent, ChangeHeaders.TraceState];

    public static ChangeDelivery From(string exchange, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        string? malformed;
        IReadOnlyDictionary<string, object?>? headers = null;
        try
        {
            headers = AmqpHeaders.Of(properties);
            malformed = MalformedIn(properties, headers);
        }
        catch (Exception ex)
        {
            // Belt and braces: whatever the checks above missed is refused, not thrown into the client's callback.
            malformed = $"The delivery could not be read ({ex.GetType().Name}).";
        }
        return new ChangeDelivery(
            properties.MessageId,
            properties.Type,
            exchange,
            malformed is null ? AmqpHeaders.Text(headers, ChangeHeaders.ReceivedFrom) : null,
            properties.AppId,
            malformed is null ? AmqpHeaders.Text(headers, ChangeHeaders.OriginCluster) : null,
            malformed is null ? AmqpHeaders.Milliseconds(headers, ChangeHeaders.CommittedAt) : null,
            body.ToArray(),
            properties,
            malformed)
        {
            TraceId = malformed is null ? SyncActivities.TraceIdOf(AmqpHeaders.Text(headers, ChangeHeaders.TraceParent)) : null,
        };
    }

    /// <summary>What is wrong with the delivery's properties or the headers the engine reads, in words; null when nothing is.</summary>
    static string? MalformedIn(IReadOnlyBasicProperties properties, IReadOnlyDictionary<string, object?>? headers)
    {
        if (string.IsNullOrWhiteSpace(properties.MessageId) || string.IsNullOrWhiteSpace(properties.Type))
        {
            return "The message has no message_id or no type property.";
        }
        foreach (var (name, value) in new[] { ("message_id", properties.MessageId), ("type", properties.Type), ("app_id", properties.AppId) })
        {
            // The client decodes short strings as UTF-8 and puts U+FFFD where the bytes were not.
            if (value?.Contains('\uFFFD') == true)
            {
                return $"The {name} property is not UTF-8.";
            }
        }
        foreach (var (name, value) in new[] { ("message_id", properties.MessageId), ("type", properties.Type) })
        {
            if (value.Length > MaxNameLength)
            {
                return $"The {name} property is {value.Length} characters long; at most {MaxNameLength} are accepted.";
            }
        }
        if (headers is null)
        {
            return null;
        }
        if (headers.Keys.Any(name => name.Contains('\uFFFD')))
        {
            return "A header name is not UTF-8.";
        }
        if (headers.TryGetValue(ChangeHeaders.CommittedAt, out var committedAt)
            && AmqpHeaders.Milliseconds(headers, ChangeHeaders.CommittedAt) is null)
        {
            return $"The {ChangeHeaders.CommittedAt} header ({AmqpHeaders.KindOf(committedAt)}) is not a time in Unix milliseconds.";
        }
        foreach (var name in TextHeaders)
        {
            if (headers.TryGetValue(name, out var value)
                && (AmqpHeaders.Text(headers, name) is not { } text || text.Length > MaxHeaderLength || text.Contains('\uFFFD')))
            {
                return $"The {name} header must be UTF-8 text of at most {MaxHeaderLength} characters; it is {AmqpHeaders.KindOf(value)}"
                       + (value is byte[] bytes ? $" of {bytes.Length} bytes." : ".");
            }
        }
        return null;
    }
}
