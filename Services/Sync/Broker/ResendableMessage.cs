using System.Collections;
using System.Text;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Broker;

/// <summary>
/// A delivery's properties made fit to publish again, as a dead letter or a replay, whatever its publisher set. The
/// client decodes short strings as UTF-8 with U+FFFD (three bytes) for each byte that was not, so a 255-byte id can come
/// back too long to send: it is cut to fit. The publisher's <c>user_id</c> names its own broker user, which the broker
/// refuses from anyone else, and its <c>expiration</c> would let the letter vanish from the dead-letter queue: both go.
/// Headers too big to share one frame with the engine's own are left out, and a header says so.
/// </summary>
internal static class ResendableMessage
{
    /// <summary>Set instead of the original headers when they left no room in the frame.</summary>
    public const string HeadersDropped = "fd-headers-dropped";

    /// <summary>Room kept in the content-header frame for the other properties and the headers the engine and broker add.</summary>
    const int Reserve = 4096;

    /// <summary>Nested deeper than this, headers are counted as too big: a header is not a document.</summary>
    const int MaxDepth = 64;

    const int MaxShortString = 255;

    public static BasicProperties Of(IReadOnlyBasicProperties original, uint frameMax)
    {
        var properties = new BasicProperties(original)
        {
            ContentType = Fit(original.ContentType),
            ContentEncoding = Fit(original.ContentEncoding),
            CorrelationId = Fit(original.CorrelationId),
            ReplyTo = Fit(original.ReplyTo),
            MessageId = Fit(original.MessageId),
            Type = Fit(original.Type),
            AppId = Fit(original.AppId),
            ClusterId = Fit(original.ClusterId),
            UserId = null,
            Expiration = null,
        };
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in original.Headers ?? new Dictionary<string, object?>())
        {
            headers[Fit(name)!] = value;
        }
        var size = SizeOf(headers, 0);
        if (frameMax > 0 && size > frameMax - Reserve)
        {
            headers = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                [HeadersDropped] = $"{headers.Count} headers of about {size} bytes left no room for the engine's own in a {frameMax}-byte frame.",
            };
        }
        properties.Headers = headers;
        return properties;
    }

    /// <summary>The text cut to fit an AMQP short string (255 bytes of UTF-8), never inside a character.</summary>
    static string? Fit(string? text)
    {
        if (text is null || Encoding.UTF8.GetByteCount(text) <= MaxShortString)
        {
            return text;
        }
        var length = text.Length;
        while (Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > MaxShortString || char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }
        return text[..length];
    }

    /// <summary>About as many bytes as the client writes for the value (its field-table encoding).</summary>
    static long SizeOf(object? value, int depth) => depth > MaxDepth ? int.MaxValue : value switch
    {
        null => 1,
        byte[] bytes => 5 + bytes.Length,
        string text => 5 + Encoding.UTF8.GetByteCount(text),
        BinaryTableValue binary => 5 + binary.Bytes.Length,
        IDictionary<string, object?> table => 5 + table.Sum(entry => 1 + Encoding.UTF8.GetByteCount(entry.Key) + SizeOf(entry.Value, depth + 1)),
        IList items => 5 + items.Cast<object?>().Sum(item => SizeOf(item, depth + 1)),
        _ => 9,
    };
}
