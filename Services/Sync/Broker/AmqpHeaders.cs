using System.Collections;
using System.Globalization;
using System.Text;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Broker;

/// <summary>
/// Reads the headers of a delivery (<see cref="ChangeHeaders"/> names those the engine writes). A publisher chooses
/// every header's type, size and shape, so nothing here throws or trusts a type: a header of another type than
/// expected reads as absent (<see cref="KindOf"/> says what it was), a time outside what a clock can hold as absent.
/// </summary>
internal static class AmqpHeaders
{
    /// <summary>How deep <see cref="Describe"/> follows nested tables and arrays: a header is not a document.</summary>
    const int MaxDepth = 8;

    /// <summary>A header as text (AMQP delivers string headers as bytes), or null when it is absent or not text.</summary>
    public static string? Text(IReadOnlyDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value)
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string text => text,
                _ => null,
            }
            : null;

    /// <summary>A header as a whole number, whether the publisher sent it as one or as text; null when it is neither.</summary>
    public static long? Number(IReadOnlyDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value) ? Number(value) : null;

    public static long? Number(object? value) => value switch
    {
        long number => number,
        int number => number,
        uint number => number,
        short number => number,
        ushort number => number,
        byte number => number,
        sbyte number => number,
        byte[] bytes when long.TryParse(Encoding.UTF8.GetString(bytes), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    /// <summary>A header in Unix milliseconds as a time; null when it is absent, not a number, or no clock's time.</summary>
    public static DateTimeOffset? Milliseconds(IReadOnlyDictionary<string, object?>? headers, string name) =>
        Number(headers, name) is { } millis && millis >= MinMilliseconds && millis <= MaxMilliseconds
            ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
            : null;

    /// <summary>An AMQP timestamp (seconds) as a time; null when it is none or no clock's time.</summary>
    public static DateTimeOffset? Seconds(object? value) =>
        value is AmqpTimestamp { UnixTime: var seconds } && seconds >= MinMilliseconds / 1000 && seconds <= MaxMilliseconds / 1000
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    static readonly long MinMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    static readonly long MaxMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>The AMQP kind of a header value, in words for a dead letter's reason (never the value itself).</summary>
    public static string KindOf(object? value) => value switch
    {
        null => "void",
        byte[] or string => "text",
        IDictionary => "table",
        IList => "array",
        AmqpTimestamp => "timestamp",
        bool => "boolean",
        BinaryTableValue => "byte array",
        decimal => "decimal",
        float or double => "floating-point number",
        _ => "number",
    };

    /// <summary>Any header value as text an operator can read: nested tables and arrays to a bounded depth, times as ISO 8601.</summary>
    public static string? Describe(object? value) => Describe(value, 0);

    static string? Describe(object? value, int depth) => value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string text => text,
        AmqpTimestamp time => Seconds(time)?.ToString("O", CultureInfo.InvariantCulture) ?? time.UnixTime.ToString(CultureInfo.InvariantCulture),
        BinaryTableValue binary => Convert.ToBase64String(binary.Bytes),
        IDictionary or IList when depth >= MaxDepth => "...",
        IDictionary<string, object?> table => "{" + string.Join(", ", table.Select(entry => $"{entry.Key}: {Describe(entry.Value, depth + 1)}")) + "}",
        IList items => "[" + string.Join(", ", items.Cast<object?>().Select(item => Describe(item, depth + 1))) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>A delivery's headers, readable.</summary>
    public static IReadOnlyDictionary<string, object?>? Of(IReadOnlyBasicProperties properties) =>
        properties.Headers as IReadOnlyDictionary<string, object?>;
}
