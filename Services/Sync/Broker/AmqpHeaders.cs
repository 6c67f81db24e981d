using System.Text;
using RabbitMQ.Client;

namespace FoodDelivery.Sync.Broker;

/// <summary>Reads the headers of a delivery (<see cref="ChangeHeaders"/> names those the engine writes).</summary>
public static class AmqpHeaders
{
    /// <summary>A header as text: AMQP delivers string headers as bytes.</summary>
    public static string? Text(IReadOnlyDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value)
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string text => text,
                null => null,
                _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            }
            : null;

    /// <summary>A header as a number, whether the publisher sent it as one or as text.</summary>
    public static long? Number(IReadOnlyDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value)
            ? value switch
            {
                long number => number,
                int number => number,
                byte[] bytes when long.TryParse(Encoding.UTF8.GetString(bytes), out var parsed) => parsed,
                _ => null,
            }
            : null;

    /// <summary>A delivery's headers, readable.</summary>
    public static IReadOnlyDictionary<string, object?>? Of(IReadOnlyBasicProperties properties) =>
        properties.Headers as IReadOnlyDictionary<string, object?>;
}
